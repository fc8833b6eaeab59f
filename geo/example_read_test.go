package geo_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/landrelease/clearance/geo"
)

// Read one suspected hazardous area from a GeoJSON string.
func ExampleReadHazards() {
	const src = `{"type": "FeatureCollection", "features": [
	  {"type": "Feature", "id": "SHA-1",
	   "properties": {"type": "SHA", "status": "open", "evidence": ["old front line"], "village": "Papravend"},
	   "geometry": {"type": "Polygon", "coordinates": [[
	     [46.840, 40.155], [46.845, 40.155], [46.845, 40.160], [46.840, 40.160], [46.840, 40.155]]]}}]}`
	hs, warns, err := geo.ReadHazards(strings.NewReader(src), "hazards.geojson", geo.FormatGeoJSON, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	h := hs[0]
	fmt.Println(h.ID, h.Kind, h.Status, h.Evidence, h.Properties["village"], len(h.Geometry[0][0]), "positions")
	fmt.Println(len(warns), "warnings")
	// Output:
	// SHA-1 SHA open [old front line] Papravend 5 positions
	// 0 warnings
}

// A feature with an unclosed ring is reported with the file, feature index,
// id and the ring; the good features are still returned.
func ExampleFeatureError() {
	const src = `{"type": "FeatureCollection", "features": [
	  {"type": "Feature", "id": "SHA-6", "properties": {"kind": "SHA"},
	   "geometry": {"type": "Polygon", "coordinates": [[[46.84, 40.15], [46.85, 40.15], [46.85, 40.16], [46.84, 40.15]]]}},
	  {"type": "Feature", "id": "SHA-7", "properties": {"kind": "CHA", "status": "worked on"},
	   "geometry": {"type": "Polygon", "coordinates": [[[46.84, 40.15], [46.85, 40.15], [46.85, 40.16], [46.84, 40.16]]]}}]}`
	hs, _, err := geo.ReadHazards(strings.NewReader(src), "hazards.geojson", geo.FormatGeoJSON, nil)
	fmt.Println(len(hs), "read:", hs[0].ID)
	var fe *geo.FeatureError
	if errors.As(err, &fe) {
		fmt.Println(fe)
		fmt.Println(fe.Index, fe.ID, fe.Field, errors.Is(err, geo.ErrUnclosedRing))
	}
	// Output:
	// 1 read: SHA-6
	// hazards.geojson: feature 1 (id "SHA-7"): geometry.polygon[0].ring[0]: geo: ring is not closed
	// 1 SHA-7 geometry.polygon[0].ring[0] true
}
