package dataset_test

import (
	"context"
	"fmt"

	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/testdata/aghdam"
)

// Read the embedded Aghdam scenario: each file by its extension.
func ExampleRead() {
	d, warns, err := dataset.Read(context.Background(), dataset.Files{
		Hazards:     aghdam.Hazards, // hazards.geojson
		Incidents:   aghdam.Incidents,
		Settlements: aghdam.Settlements,
	}, &dataset.Options{FS: aghdam.FS})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(d.Hazards), "hazards,", len(d.Incidents), "incidents,", len(d.Settlements), "settlements,", len(warns), "warnings")
	// Output: 46 hazards, 95 incidents, 26 settlements, 0 warnings
}

// A file's format is its extension's, in any case.
func ExampleFormatOf() {
	for _, name := range []string{"hazards.GeoJSON", "villages.kml", "incidents.csv", "hazards.shp",
		"job.gpkg?layer=hazards", "postgres://me@db.example.org/mine_action?table=imsma.hazards", "roads.dxf"} {
		f, err := dataset.FormatOf(name)
		fmt.Println(f, err)
	}
	// Output:
	// GeoJSON <nil>
	// KML <nil>
	// CSV <nil>
	// Shapefile <nil>
	// GeoPackage <nil>
	// PostGIS <nil>
	// Format(0) roads.dxf: geo: unknown file format (want .geojson, .json, .kml, .kmz, .csv, .gpkg, .shp or a postgres:// URL)
}
