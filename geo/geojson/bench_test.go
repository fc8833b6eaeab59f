package geojson_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/landrelease/clearance/benchmarks/scenario"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/geo/geojson"
)

// BenchmarkReadHazardsGeoJSON reads the national scenario's hazards file
// (2,000 polygons, about 300,000 positions, about 25 MB) from memory:
// Decode, then feature.Hazards, which validates every polygon.
func BenchmarkReadHazardsGeoJSON(b *testing.B) {
	files, err := scenario.WriteFiles(b.TempDir(), scenario.National(1))
	if err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(files.Hazards)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		feats, err := geojson.Decode(bytes.NewReader(data), "hazards.geojson")
		if err != nil {
			b.Fatal(err)
		}
		hs, _, err := feature.Hazards("hazards.geojson", feats, nil)
		if err != nil {
			b.Fatal(err)
		}
		n += len(hs)
	}
	if n == 0 {
		b.Fatal("no hazards read")
	}
}
