package geo_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/geo/geojson"
)

// A feature with an unclosed ring is reported with the file, feature index,
// id and the ring; the good features are still returned.
func ExampleFeatureError() {
	const src = `{"type": "FeatureCollection", "features": [
	  {"type": "Feature", "id": "SHA-6", "properties": {"kind": "SHA"},
	   "geometry": {"type": "Polygon", "coordinates": [[[46.84, 40.15], [46.85, 40.15], [46.85, 40.16], [46.84, 40.15]]]}},
	  {"type": "Feature", "id": "SHA-7", "properties": {"kind": "CHA", "status": "worked on"},
	   "geometry": {"type": "Polygon", "coordinates": [[[46.84, 40.15], [46.85, 40.15], [46.85, 40.16], [46.84, 40.16]]]}}]}`
	feats, err := geojson.Decode(strings.NewReader(src), "hazards.geojson")
	if err != nil {
		fmt.Println(err)
		return
	}
	hs, _, err := feature.Hazards("hazards.geojson", feats, nil)
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
