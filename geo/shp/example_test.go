package shp_test

import (
	"context"
	"fmt"

	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/geo/shp"
)

// Read settlements from a Shapefile in UTM 38N with Windows-1254 text, as
// ogr2ogr wrote it: positions come back in WGS84 lon/lat.
func ExampleRead() {
	feats, err := shp.Read(context.Background(), nil, "../../testdata/gdal/shp-utm/settlements.shp")
	if err != nil {
		fmt.Println(err)
		return
	}
	ss, _, _ := feature.Settlements("settlements.shp", feats, nil)
	s := ss[2]
	fmt.Printf("%s, population %d, at %.6f E %.6f N\n", s.Name, s.Population, s.Point.Lon, s.Point.Lat)
	fmt.Println(feats[0].Warnings[len(feats[0].Warnings)-1].Err)
	// Output:
	// Ağdam, population 28031, at 46.933611 E 39.988889 N
	// coordinates in WGS_1984_UTM_Zone_38N (UTM 38N) turned into WGS84 longitude and latitude
}
