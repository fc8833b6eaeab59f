package jsonscan_test

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/landrelease/clearance/benchmarks/scenario"
	"github.com/landrelease/clearance/internal/jsonscan"
)

// BenchmarkDecode decodes the national scenario's hazards file (2,000
// polygons, about 11.7 MB) three ways, which is what justifies this
// package:
//   - scan: Decode, the byte scanner, with every position checked;
//   - encoding-json: the reference decoder of the tests, encoding/json
//     down to a json.RawMessage per coordinate, with the same checks;
//   - encoding-json-plain: json.Unmarshal into typed structs with float
//     coordinates, checking nothing: a lower bound for any decoder built
//     on encoding/json (orb/geojson is one, and would bring a BSON module
//     into go.sum).
//
// Run: go test ./internal/jsonscan -run '^$' -bench Decode -count 5
func BenchmarkDecode(b *testing.B) {
	files, err := scenario.WriteFiles(b.TempDir(), scenario.National(1))
	if err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(files.Hazards)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name   string
		decode func([]byte) (int, error)
	}{
		{"scan", func(d []byte) (int, error) {
			fs, err := jsonscan.Decode(d, "f")
			return len(fs), err
		}},
		{"encoding-json", jsonscan.RefDecodeLen},
		{"encoding-json-plain", plainDecode},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			total := 0
			for b.Loop() {
				n, err := bc.decode(data)
				if err != nil {
					b.Fatal(err)
				}
				total += n
			}
			if total == 0 {
				b.Fatal("no features")
			}
		})
	}
}

// plainDecode decodes a FeatureCollection of Polygons and MultiPolygons
// with encoding/json into typed structs, checking nothing.
func plainDecode(data []byte) (int, error) {
	var fc struct {
		Features []struct {
			Type       string         `json:"type"`
			ID         any            `json:"id"`
			Properties map[string]any `json:"properties"`
			Geometry   struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return 0, err
	}
	for _, f := range fc.Features {
		var err error
		switch f.Geometry.Type {
		case "Polygon":
			var p [][][2]float64
			err = json.Unmarshal(f.Geometry.Coordinates, &p)
		case "MultiPolygon":
			var mp [][][][2]float64
			err = json.Unmarshal(f.Geometry.Coordinates, &mp)
		default:
			err = fmt.Errorf("geometry %q", f.Geometry.Type)
		}
		if err != nil {
			return 0, err
		}
	}
	return len(fc.Features), nil
}
