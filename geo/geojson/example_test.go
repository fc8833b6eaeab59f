package geojson_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/geo/geojson"
)

// Read one suspected hazardous area from a GeoJSON string: decode the
// file, then map its features to hazards with the default schema.
func ExampleDecode() {
	const src = `{"type": "FeatureCollection", "features": [
	  {"type": "Feature", "id": "SHA-1",
	   "properties": {"type": "SHA", "status": "open", "evidence": ["old front line"], "village": "Papravend"},
	   "geometry": {"type": "Polygon", "coordinates": [[
	     [46.840, 40.155], [46.845, 40.155], [46.845, 40.160], [46.840, 40.160], [46.840, 40.155]]]}}]}`
	feats, err := geojson.Decode(strings.NewReader(src), "hazards.geojson")
	if err != nil {
		fmt.Println(err)
		return
	}
	hs, warns, err := feature.Hazards("hazards.geojson", feats, nil)
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

// Write incidents as GeoJSON: build the layer, then write it.
func ExampleWrite() {
	is := []geo.Incident{{ID: "INC-1", Killed: 1, Device: geo.DeviceAP, Point: geo.LonLat{Lon: 46.842, Lat: 40.158}}}
	l, err := feature.IncidentLayer(is)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := geojson.Write(os.Stdout, l); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"type":"FeatureCollection","features":[
	// {"type":"Feature","id":"INC-1","geometry":{"type":"Point","coordinates":[46.842,40.158]},"properties":{"device":"AP","injured":0,"killed":1}}
	// ]}
}
