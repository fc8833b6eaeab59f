package geo

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The fuzz property for every reader: never panic; return features or an
// error (or neither, for an empty layer), and every feature returned is
// valid.

func addSeeds(f *testing.F, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	for _, name := range []string{"hazards.geojson", "hazards.kml", "incidents.geojson", "incidents.kml", "settlements.geojson", "settlements.kml"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "read", "written", name)); err == nil {
			f.Add(b)
		}
	}
}

func checkRead(t *testing.T, data []byte, format Format) {
	for _, lenient := range []bool{false, true} {
		opt := &ReadOptions{Lenient: lenient}
		if format != FormatCSV {
			hs, _, err := ReadHazards(bytes.NewReader(data), "f", format, opt)
			for _, h := range hs {
				if verr := ValidateMultiPolygon(h.Geometry); verr != nil || len(h.Geometry) == 0 || h.ID == "" || h.Kind == 0 || h.Status == 0 {
					t.Fatalf("hazard %+v returned (read error %v) but invalid: %v", h, err, verr)
				}
			}
			mp, _, err := ReadArea(bytes.NewReader(data), "f", format, opt)
			if verr := ValidateMultiPolygon(mp); verr != nil {
				t.Fatalf("area returned with an invalid polygon: %v (read error %v)", verr, err)
			}
		}
		is, _, err := ReadIncidents(bytes.NewReader(data), "f", format, opt)
		for _, in := range is {
			if cerr := checkLonLat(in.Point.Lon, in.Point.Lat); cerr != nil || in.Killed < 0 || in.Injured < 0 {
				t.Fatalf("incident %+v returned (read error %v) but invalid: %v", in, err, cerr)
			}
		}
		ss, _, err := ReadSettlements(bytes.NewReader(data), "f", format, opt)
		for _, s := range ss {
			if cerr := checkLonLat(s.Point.Lon, s.Point.Lat); cerr != nil || s.Name == "" || s.Population < -1 {
				t.Fatalf("settlement %+v returned (read error %v) but invalid: %v", s, err, cerr)
			}
		}
	}
}

func FuzzReadGeoJSON(f *testing.F) {
	addSeeds(f,
		fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, goodPoly)),
		fc(),
		fc(hazardFeature("A", `{"kind":"SHA"}`, `{"type":"MultiPolygon","coordinates":[[[[0,0],[2,0],[2,2],[0,2],[0,0]]],[[[1,1],[3,1],[3,3],[1,3],[1,1]]]]}`)),
		fc(hazardFeature("A", `{"kind":"SHA"}`, `{"type":"Polygon","coordinates":[[[0,0],[9,0],[9,9],[0,9]],[[1,1],[1,4],[4,4],[4,1],[1,1]]]}`)),
		fc(`{"type":"Feature","id":7,"properties":{"name":"X","date":"2025-06","killed":"1","population":3},"geometry":{"type":"Point","coordinates":[46.8,40.1,5]}}`),
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[1e999,0]]]}}]}`,
	)
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, data, FormatGeoJSON) })
}

func FuzzReadKML(f *testing.F) {
	addSeeds(f, kmlNested,
		`<kml><Placemark><name>a</name><Point><coordinates>46.8,40.1</coordinates></Point></Placemark></kml>`,
		`<kml><Document><Placemark><ExtendedData><Data name="kind"><value>SHA</value></Data></ExtendedData><MultiGeometry><Point><coordinates>1,2</coordinates></Point></MultiGeometry></Placemark></Document></kml>`,
	)
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, data, FormatKML) })
}

func FuzzReadCSV(f *testing.F) {
	addSeeds(f,
		"ID,Latitude,LONGITUDE,Date,Killed,Injured,Device,name\nI1,40.158,46.842,2025-06-30,0,1,APM,Papravend\n",
		"name,lat,lng,population\nA,40,46,\nB,,,\n",
		"y,x\n\"1\n2\",3\n",
	)
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, data, FormatCSV) })
}
