package gpkg_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/geo/gpkg"
)

// Write settlements as a layer of a GeoPackage and read them back.
func Example() {
	dir, _ := os.MkdirTemp("", "gpkg")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "job.gpkg")
	l, _ := feature.SettlementLayer([]geo.Settlement{
		{Name: "Papravənd", Population: 2173, Point: geo.LonLat{Lon: 46.842, Lat: 40.158}},
		{Name: "Ağdam", Population: -1, Point: geo.LonLat{Lon: 46.934, Lat: 39.989}},
	})
	ctx := context.Background()
	if err := gpkg.Write(ctx, path, l); err != nil {
		fmt.Println(err)
		return
	}
	feats, err := gpkg.Read(ctx, path, "settlements")
	if err != nil {
		fmt.Println(err)
		return
	}
	ss, _, err := feature.Settlements(path, feats, nil)
	for _, s := range ss {
		fmt.Println(s.Name, s.Population, s.Point)
	}
	fmt.Println(err)
	// Output:
	// Papravənd 2173 {46.842 40.158}
	// Ağdam -1 {46.934 39.989}
	// <nil>
}
