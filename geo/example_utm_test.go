package geo_test

import (
	"fmt"

	"github.com/landrelease/clearance/geo"
)

// Project Papravend, a village of Aghdam district, Azerbaijan, into UTM zone
// 38N and back.
func ExampleUTM() {
	u := geo.NewUTM(geo.Zone{Number: 38})
	papravend := geo.LonLat{Lon: 46.841667, Lat: 40.158333}
	p := u.Forward(papravend)
	fmt.Println(u)
	fmt.Printf("easting %.0f m, northing %.0f m\n", p.X, p.Y)
	fmt.Printf("scale factor %.6f\n", u.Scale(papravend))
	back := u.Inverse(p)
	fmt.Printf("lon %.6f, lat %.6f\n", back.Lon, back.Lat)
	// Output:
	// UTM 38N (EPSG:32638)
	// easting 656845 m, northing 4446957 m
	// scale factor 0.999903
	// lon 46.841667, lat 40.158333
}

func ExampleParseZone() {
	z, err := geo.ParseZone("EPSG:32638")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(z, z.EPSG(), z.CentralMeridian())

	_, err = geo.ParseZone("61N")
	fmt.Println(err)
	// Output:
	// 38N 32638 45
	// geo: bad UTM zone "61N": zone number 61 is not 1 to 60
}

func ExampleZoneOf() {
	aghdam := geo.LonLat{Lon: 46.9301, Lat: 39.9926}
	z := geo.ZoneOf(aghdam)
	fmt.Println(z, geo.NewUTM(z))
	// Output:
	// 38N UTM 38N (EPSG:32638)
}
