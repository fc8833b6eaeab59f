package geo_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/landrelease/clearance/benchmarks/scenario"
	"github.com/landrelease/clearance/geo"
)

// BenchmarkReadHazardsGeoJSON reads the national scenario's hazards file
// (2,000 polygons, about 300,000 positions, about 25 MB) from memory.
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
		hs, _, err := geo.ReadHazards(bytes.NewReader(data), "hazards.geojson", geo.FormatGeoJSON, nil)
		if err != nil {
			b.Fatal(err)
		}
		n += len(hs)
	}
	if n == 0 {
		b.Fatal("no hazards read")
	}
}
