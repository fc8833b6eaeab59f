package feature_test

import (
	"bytes"
	"errors"
	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"reflect"
	"strings"
	"testing"
)

// fc wraps features in a FeatureCollection.
func fc(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

const goodPoly = `{"type":"Polygon","coordinates":[[[46.84,40.15],[46.85,40.15],[46.85,40.16],[46.84,40.16],[46.84,40.15]]]}`

func hazardFeature(id, props, geom string) string {
	return `{"type":"Feature","id":"` + id + `","properties":` + props + `,"geometry":` + geom + `}`
}

func TestReadHazardsGeoJSON(t *testing.T) {
	cases := []struct {
		name  string
		src   string
		opt   *feature.Options
		n     int    // hazards returned
		want  error  // sentinel of the first feature error, nil if none
		field string // field of the first feature error
		warns int
	}{
		{"one SHA", fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, goodPoly)), nil, 1, nil, "", 0},
		{"empty collection", fc(), nil, 0, nil, "", 0},
		{"kind in status column", fc(hazardFeature("A", `{"status":"CHA"}`, goodPoly)), nil, 1, nil, "", 1},
		{"kind as hazard_type, IMSMA status spelling", fc(hazardFeature("A", `{"Hazard_Type":"Confirmed Hazardous Area","STATUS":"Worked-On"}`, goodPoly)), nil, 1, nil, "", 0},
		{"unknown kind", fc(hazardFeature("A", `{"kind":"minefield"}`, goodPoly)), nil, 0, geo.ErrUnknownValue, "kind", 1},
		{"unknown status", fc(hazardFeature("A", `{"kind":"SHA","status":"maybe"}`, goodPoly)), nil, 0, geo.ErrUnknownValue, "status", 0},
		{"missing kind", fc(hazardFeature("A", `{}`, goodPoly)), nil, 0, feature.ErrMissing, "kind", 1},
		{"missing id", fc(`{"type":"Feature","properties":{"kind":"SHA"},"geometry":` + goodPoly + `}`), nil, 0, feature.ErrMissing, "id", 1},
		{"id from property", fc(`{"type":"Feature","properties":{"hazard_id":"H1","kind":"SHA"},"geometry":` + goodPoly + `}`), nil, 1, nil, "", 1},
		{"bad date", fc(hazardFeature("A", `{"kind":"SHA","status":"open","reported":"30/06/2025"}`, goodPoly)), nil, 0, geo.ErrBadDate, "reported", 0},
		{"duplicate id", fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, goodPoly), hazardFeature("A", `{"kind":"SHA","status":"open"}`, goodPoly)), nil, 1, feature.ErrDuplicateID, "id", 0},
		{"position with 1 number", fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, `{"type":"Polygon","coordinates":[[[46.84],[46.85,40.15],[46.85,40.16],[46.84,40.15]]]}`)), nil, 0, feature.ErrPositionSize, "geometry.polygon[0].ring[0]", 0},
		{"position with 4 numbers", fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, `{"type":"Polygon","coordinates":[[[46.84,40.15,0,1],[46.85,40.15],[46.85,40.16],[46.84,40.15]]]}`)), nil, 0, feature.ErrPositionSize, "geometry.polygon[0].ring[0]", 0},
		{"position with altitude", fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, `{"type":"Polygon","coordinates":[[[46.84,40.15,300],[46.85,40.15,300],[46.85,40.16,300],[46.84,40.15,300]]]}`)), nil, 1, nil, "", 0},
		{"overflowing number", fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, `{"type":"Polygon","coordinates":[[[1e999,40.15],[46.85,40.15],[46.85,40.16],[46.84,40.15]]]}`)), nil, 0, geo.ErrNotFinite, "geometry.polygon[0].ring[0]", 0},
		{"latitude out of range", fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, `{"type":"Polygon","coordinates":[[[46.84,95],[46.85,40.15],[46.85,40.16],[46.84,95]]]}`)), nil, 0, geo.ErrOutOfRange, "geometry.polygon[0].ring[0]", 0},
		{"coordinate as string", fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, `{"type":"Polygon","coordinates":[[["46.84",40.15],[46.85,40.15],[46.85,40.16],["46.84",40.15]]]}`)), nil, 0, feature.ErrBadGeometry, "geometry.polygon[0].ring[0]", 0},
		{"bowtie", fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, `{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}`)), nil, 0, geo.ErrSelfIntersection, "geometry.polygon[0].ring[0]", 0},
		{"hole outside shell", fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]],[[2,2],[2,3],[3,3],[3,2],[2,2]]]}`)), nil, 0, geo.ErrHoleOutside, "geometry.polygon[0].ring[1]", 0},
		{"two holes overlapping", fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, `{"type":"Polygon","coordinates":[[[0,0],[9,0],[9,9],[0,9],[0,0]],[[1,1],[1,4],[4,4],[4,1],[1,1]],[[3,3],[3,6],[6,6],[6,3],[3,3]]]}`)), nil, 0, geo.ErrHolesOverlap, "geometry.polygon[0].ring[2]", 0},
		{"hole touching the ring", fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, `{"type":"Polygon","coordinates":[[[0,0],[9,0],[9,9],[0,9],[0,0]],[[0,4],[3,5],[3,3],[0,4]]]}`)), nil, 1, nil, "", 0},
		{"clockwise shell is turned", fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, `{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}`)), nil, 1, nil, "", 1},
		{"across the antimeridian (range only)", fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, `{"type":"Polygon","coordinates":[[[179,0],[181,0],[181,1],[179,1],[179,0]]]}`)), nil, 0, geo.ErrOutOfRange, "geometry.polygon[0].ring[0]", 0},
		{"unclosed, strict", fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}`)), nil, 0, geo.ErrUnclosedRing, "geometry.polygon[0].ring[0]", 0},
		{"unclosed, lenient", fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}`)), &feature.Options{Lenient: true}, 1, nil, "", 1},
		{"repeated positions, lenient", fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,0],[1,1],[0,1],[0,0]]]}`)), &feature.Options{Lenient: true}, 1, nil, "", 1},
		{"Point for a hazard", fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, `{"type":"Point","coordinates":[46.8,40.1]}`)), nil, 0, feature.ErrGeometryType, "geometry", 0},
		{"no geometry", fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, `null`)), nil, 0, feature.ErrMissing, "geometry", 0},
		{"overlapping polygons of a MultiPolygon", fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, `{"type":"MultiPolygon","coordinates":[[[[0,0],[2,0],[2,2],[0,2],[0,0]]],[[[1,1],[3,1],[3,3],[1,3],[1,1]]]]}`)), nil, 0, geo.ErrPolygonsOverlap, "geometry.polygon[1].ring[0]", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			hs, warns, err := readHazards(strings.NewReader(c.src), "h.geojson", FormatGeoJSON, c.opt)
			if len(hs) != c.n {
				t.Errorf("%d hazards, want %d", len(hs), c.n)
			}
			if len(warns) != c.warns {
				t.Errorf("warnings %v, want %d", warns, c.warns)
			}
			if c.want == nil {
				if err != nil {
					t.Fatalf("error %v", err)
				}
				return
			}
			var fe *geo.FeatureError
			if !errors.Is(err, c.want) || !errors.As(err, &fe) || fe.Field != c.field {
				t.Fatalf("error %v, want %v in field %q", err, c.want, c.field)
			}
			for _, h := range hs {
				if err := geo.ValidateMultiPolygon(h.Geometry); err != nil {
					t.Errorf("returned hazard %s invalid: %v", h.ID, err)
				}
			}
		})
	}
}

func TestReadHazardsFields(t *testing.T) {
	src := fc(hazardFeature("SHA-7", `{"kind":"sha","status":"handed_over","evidence":"accident 2021; minefield record","date":"2025-06","village":"Papravend","pop":12}`, goodPoly))
	hs, _, err := readHazards(strings.NewReader(src), "h.geojson", FormatGeoJSON, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := hs[0]
	if h.Kind != geo.SHA || h.Status != geo.StatusClosed || len(h.Evidence) != 2 || h.Evidence[1] != "minefield record" ||
		h.Reported.Format("2006-01-02") != "2025-06-01" || h.Properties["village"] != "Papravend" || h.Properties["pop"] != 12.0 || len(h.Properties) != 2 {
		t.Fatalf("got %+v", h)
	}
}

func TestThreeBadFeatures(t *testing.T) {
	bad := `{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}`
	src := fc(
		hazardFeature("G1", `{"kind":"SHA","status":"open"}`, goodPoly),
		hazardFeature("B1", `{"kind":"SHA","status":"open"}`, bad),
		hazardFeature("B2", `{"kind":"nonsense","status":"open"}`, goodPoly),
		hazardFeature("G2", `{"kind":"CHA","status":"closed"}`, goodPoly),
		hazardFeature("B3", `{"kind":"SHA","status":"open","reported":"yesterday"}`, goodPoly),
	)
	hs, _, err := readHazards(strings.NewReader(src), "hazards.geojson", FormatGeoJSON, nil)
	var fileErr *geo.FileError
	if !errors.As(err, &fileErr) || len(fileErr.Errs) != 3 {
		t.Fatalf("error %v, want a geo.FileError with 3 problems", err)
	}
	for k, want := range []struct {
		index int
		id    string
		field string
		err   error
	}{{1, "B1", "geometry.polygon[0].ring[0]", geo.ErrSelfIntersection}, {2, "B2", "kind", geo.ErrUnknownValue}, {4, "B3", "reported", geo.ErrBadDate}} {
		fe := fileErr.Errs[k]
		if fe.Index != want.index || fe.ID != want.id || fe.Field != want.field || !errors.Is(fe, want.err) || fe.File != "hazards.geojson" {
			t.Errorf("problem %d: %+v, want %+v", k, fe, want)
		}
	}
	if len(hs) != 2 || hs[0].ID != "G1" || hs[1].ID != "G2" {
		t.Fatalf("hazards %v, want G1 and G2", hs)
	}
	if !strings.HasPrefix(err.Error(), "hazards.geojson: 3 problems\n\thazards.geojson: feature 1 (id \"B1\"): geometry.polygon[0].ring[0]: position 2 with the segment from position 0: geo: ring intersects itself") {
		t.Errorf("message:\n%s", err)
	}
}

func TestMaxErrors(t *testing.T) {
	var feats []string
	for range 5 {
		feats = append(feats, `{"type":"Feature","properties":{"kind":"SHA"},"geometry":null}`)
	}
	_, _, err := readHazards(strings.NewReader(fc(feats...)), "f", FormatGeoJSON, &feature.Options{MaxErrors: 3})
	var fileErr *geo.FileError
	if !errors.As(err, &fileErr) || len(fileErr.Errs) != 3 || !fileErr.Truncated {
		t.Fatalf("got %v", err)
	}
}

func TestStructuralErrors(t *testing.T) {
	for _, c := range []struct {
		name, src string
		f         Format
		want      error
	}{
		{"not JSON", "hello", FormatGeoJSON, feature.ErrFormat},
		{"empty", "  ", FormatGeoJSON, geo.ErrEmpty},
		{"not a collection", `{"type":"Feature"}`, FormatGeoJSON, feature.ErrFormat},
		{"features not an array", `{"type":"FeatureCollection","features":{}}`, FormatGeoJSON, feature.ErrFormat},
		{"not XML", "{", FormatKML, feature.ErrFormat},
		{"not KML", "<gpx></gpx>", FormatKML, feature.ErrFormat},
		{"CSV missing lat column", "id,lon\n1,46.8\n", FormatCSV, feature.ErrFormat},
		{"CSV without coordinates", "id,name\n1,a\n", FormatCSV, feature.ErrFormat},
		{"CSV duplicate column", "lat,lon,a,A\n1,2,3,4\n", FormatCSV, feature.ErrFormat},
		{"CSV empty", "", FormatCSV, geo.ErrEmpty},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := readIncidents(strings.NewReader(c.src), "in", c.f, nil)
			var fe *geo.FileError
			if !errors.Is(err, c.want) || errors.As(err, &fe) || !strings.HasPrefix(err.Error(), "in: ") {
				t.Fatalf("error %v, want plain %v naming the file", err, c.want)
			}
		})
	}
}

func TestReadIncidentsCSV(t *testing.T) {
	src := "ID,Latitude,LONGITUDE,Date,Killed,Injured,Device Type,note\n" +
		"I1,40.158,46.842,2025-06-30,0,1,APM,Papravend\n" +
		"I2,40.1,46.9,2024-01-02T10:00:00+04:00,,,,\n" +
		"I3,95,46.9,2024-01-02,0,0,AP,\n" +
		"I4,40.1,46.9,02.01.2024,0,0,AP,\n" +
		"I5,40.1,46.9,2024-01-02,-1,0,AP,\n" +
		"I6,40.1,46.9,2024-01-02,0,0,rocket,\n" +
		"I7,,46.9,2024-01-02,0,0,AP,\n"
	is, _, err := readIncidents(strings.NewReader(src), "inc.csv", FormatCSV, nil)
	if len(is) != 2 || is[0].ID != "I1" || is[0].Injured != 1 || is[0].Device != geo.DeviceAP || is[0].Point != (geo.LonLat{Lon: 46.842, Lat: 40.158}) ||
		is[0].Properties["note"] != "Papravend" || len(is[0].Properties) != 1 || is[1].Date.UTC().Hour() != 6 {
		t.Fatalf("incidents %+v", is)
	}
	var fileErr *geo.FileError
	if !errors.As(err, &fileErr) {
		t.Fatal(err)
	}
	want := []struct {
		index int
		field string
		err   error
	}{{2, "Latitude", geo.ErrOutOfRange}, {3, "Date", geo.ErrBadDate}, {4, "Killed", feature.ErrBadNumber}, {5, "Device Type", geo.ErrUnknownValue}, {6, "Latitude", feature.ErrMissing}}
	if len(fileErr.Errs) != len(want) {
		t.Fatalf("%d problems: %v", len(fileErr.Errs), err)
	}
	for k, w := range want {
		fe := fileErr.Errs[k]
		if fe.Index != w.index || fe.Field != w.field || !errors.Is(fe, w.err) {
			t.Errorf("problem %d: %v, want index %d field %s %v", k, fe, w.index, w.field, w.err)
		}
	}
}

func TestReadSettlementsCSV(t *testing.T) {
	src := "\ufeffVillage,lat,lng,Population,return_date\nPapravend,40.158,46.842,,2026-05\nQarapirim,40.16,46.87,350,\n"
	ss, _, err := readSettlements(strings.NewReader(src), "s.csv", FormatCSV, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 2 || ss[0].Name != "Papravend" || ss[0].Population != -1 || ss[0].PlannedReturn.Month() != 5 ||
		ss[1].Population != 350 || !ss[1].PlannedReturn.IsZero() || ss[0].Properties != nil {
		t.Fatalf("settlements %+v", ss)
	}
}

const kmlNested = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>x</name>
<Folder><name>Aghdam</name>
  <Folder>
    <Placemark id="pm1"><name>SHA-1</name><description>old front line</description>
      <ExtendedData><Data name="type"><value>SHA</value></Data><Data name="status"><value>open</value></Data></ExtendedData>
      <Polygon><outerBoundaryIs><LinearRing><coordinates>
        46.84,40.15,0 46.85,40.15,0 46.85,40.16,0 46.84,40.16,0 46.84,40.15,0
      </coordinates></LinearRing></outerBoundaryIs>
      <innerBoundaryIs><LinearRing><coordinates>46.842,40.152 46.842,40.154 46.844,40.154 46.844,40.152 46.842,40.152</coordinates></LinearRing></innerBoundaryIs>
      </Polygon>
    </Placemark>
  </Folder>
  <Placemark><ExtendedData><SchemaData schemaUrl="#s"><SimpleData name="hazard_id">CHA-2</SimpleData><SimpleData name="kind">CHA</SimpleData></SchemaData></ExtendedData>
    <MultiGeometry>
      <Polygon><outerBoundaryIs><LinearRing><coordinates>47,40 47.01,40 47.01,40.01 47,40.01 47,40</coordinates></LinearRing></outerBoundaryIs></Polygon>
      <MultiGeometry><Polygon><outerBoundaryIs><LinearRing><coordinates>47.02,40 47.03,40 47.03,40.01 47.02,40.01 47.02,40</coordinates></LinearRing></outerBoundaryIs></Polygon></MultiGeometry>
    </MultiGeometry>
  </Placemark>
  <Placemark><name>L</name><ExtendedData><Data name="kind"><value>SHA</value></Data></ExtendedData><LineString><coordinates>47,40 47.1,40.1</coordinates></LineString></Placemark>
  <Placemark><name>P</name><ExtendedData><Data name="kind"><value>SHA</value></Data></ExtendedData><Polygon><outerBoundaryIs><LinearRing><coordinates>47,40 47.1 40.1 47,40.2 47,40</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
</Folder></Document></kml>`

func TestReadHazardsKML(t *testing.T) {
	hs, warns, err := readHazards(strings.NewReader(kmlNested), "h.kml", FormatKML, nil)
	if len(hs) != 2 {
		t.Fatalf("%d hazards: %v", len(hs), err)
	}
	if h := hs[0]; h.ID != "SHA-1" || h.Kind != geo.SHA || h.Status != geo.StatusOpen || len(h.Geometry) != 1 || len(h.Geometry[0]) != 2 ||
		h.Properties["description"] != "old front line" || len(h.Properties) != 1 {
		t.Errorf("hazard 0: %+v", h)
	}
	if h := hs[1]; h.ID != "CHA-2" || h.Kind != geo.CHA || len(h.Geometry) != 2 {
		t.Errorf("hazard 1: %+v", h)
	}
	var fileErr *geo.FileError
	if !errors.As(err, &fileErr) || len(fileErr.Errs) != 2 ||
		!errors.Is(fileErr.Errs[0], feature.ErrGeometryType) || fileErr.Errs[0].ID != "L" || fileErr.Errs[0].Index != 2 ||
		!errors.Is(fileErr.Errs[1], feature.ErrPositionSize) || fileErr.Errs[1].Field != "geometry.polygon[0].ring[0]" {
		t.Fatalf("error %v", err)
	}
	// The hole of SHA-1 was counter-clockwise; CHA-2 has no status.
	if len(warns) != 3 {
		t.Errorf("warnings %v", warns)
	}
}

func TestReadAreaOverlap(t *testing.T) {
	src := fc(
		`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,2],[0,0]]]}}`,
		`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[2,0],[4,0],[4,2],[2,2],[2,0]]]}}`,
		`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[1,1],[3,1],[3,3],[1,3],[1,1]]]}}`,
	)
	mp, _, err := readArea(strings.NewReader(src), "area.geojson", FormatGeoJSON, nil)
	var fe *geo.FeatureError
	if len(mp) != 2 || !errors.Is(err, geo.ErrPolygonsOverlap) || !errors.As(err, &fe) || fe.Index != 2 {
		t.Fatalf("area %v, error %v", mp, err)
	}
}

// TestReadHazardsNestedParts reads, in lon/lat degrees, MultiPolygons and
// holes that overlap while their boundaries only touch.
func TestReadHazardsNestedParts(t *testing.T) {
	const shellHole = `[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[2,4],[4,4],[4,2],[2,2]]]`
	cases := []struct {
		name string
		geom string
		want error
	}{
		{"triangle touching the hole, starting on it", `{"type":"MultiPolygon","coordinates":[` + shellHole + `,[[[2,3],[1,1],[1,5],[2,3]]]]}`, geo.ErrPolygonsOverlap},
		{"triangle touching the hole, starting off it", `{"type":"MultiPolygon","coordinates":[` + shellHole + `,[[[1,1],[1,5],[2,3],[1,1]]]]}`, geo.ErrPolygonsOverlap},
		{"triangle inscribed in a square", `{"type":"MultiPolygon","coordinates":[[[[0,0],[10,0],[10,10],[0,10],[0,0]]],[[[5,0],[10,5],[0,5],[5,0]]]]}`, geo.ErrPolygonsOverlap},
		{"overlapping holes, every vertex of one on the other", `{"type":"Polygon","coordinates":[[[-10,-10],[20,-10],[20,20],[-10,20],[-10,-10]],[[0,0],[0,10],[10,10],[10,0],[0,0]],[[5,0],[0,5],[10,5],[5,0]]]}`, geo.ErrHolesOverlap},
		{"island filling the hole", `{"type":"MultiPolygon","coordinates":[` + shellHole + `,[[[2,2],[4,2],[4,4],[2,4],[2,2]]]]}`, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			hs, _, err := readHazards(strings.NewReader(fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, c.geom))), "h.geojson", FormatGeoJSON, nil)
			if c.want == nil {
				if err != nil || len(hs) != 1 {
					t.Fatalf("%d hazards, error %v; want 1, nil", len(hs), err)
				}
				return
			}
			if !errors.Is(err, c.want) || len(hs) != 0 {
				t.Fatalf("%d hazards, error %v; want 0, %v", len(hs), err, c.want)
			}
		})
	}
}

// firstFeatureError returns the first *FeatureError in err, or fails.
func firstFeatureError(t *testing.T, err error) *geo.FeatureError {
	t.Helper()
	var fe *geo.FeatureError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v, want a FeatureError", err)
	}
	return fe
}

// TestReadNonScalarID: an id property holding an object or array is an
// error on that key, not a missing or empty id.
func TestReadNonScalarID(t *testing.T) {
	src := fc(`{"type":"Feature","properties":{"id":{"a":1}},"geometry":{"type":"Point","coordinates":[46.8,40.1]}}`)
	is, _, err := readIncidents(strings.NewReader(src), "i.geojson", FormatGeoJSON, nil)
	if fe := firstFeatureError(t, err); len(is) != 0 || fe.Field != "id" || !errors.Is(err, geo.ErrUnknownValue) {
		t.Fatalf("incidents %+v, error %v; want none, geo.ErrUnknownValue on id", is, err)
	}
	src = fc(`{"type":"Feature","properties":{"id":["X"],"kind":"SHA","status":"open"},"geometry":` + goodPoly + `}`)
	hs, _, err := readHazards(strings.NewReader(src), "h.geojson", FormatGeoJSON, nil)
	if fe := firstFeatureError(t, err); len(hs) != 0 || fe.Field != "id" || !errors.Is(err, geo.ErrUnknownValue) || errors.Is(err, feature.ErrMissing) {
		t.Fatalf("hazards %+v, error %v; want none, geo.ErrUnknownValue (not feature.ErrMissing) on id", hs, err)
	}
}

// TestReadAmbiguousNames: property names that differ only in case, space,
// underscore or hyphen and match a schema name.
func TestReadAmbiguousNames(t *testing.T) {
	src := fc(hazardFeature("A", `{"Kind":"SHA","kind":"CHA","status":"open"}`, goodPoly))
	hs, _, err := readHazards(strings.NewReader(src), "h.geojson", FormatGeoJSON, nil)
	fe := firstFeatureError(t, err)
	if len(hs) != 0 || !errors.Is(err, feature.ErrAmbiguous) || !strings.Contains(fe.Error(), `"Kind"`) || !strings.Contains(fe.Error(), `"kind"`) {
		t.Fatalf("hazards %+v, error %v; want none, feature.ErrAmbiguous naming Kind and kind", hs, err)
	}
	src = fc(hazardFeature("A", `{"Kind":"SHA","kind":"SHA","Hazard-Type":"SHA","status":"open","Note":"a","note":"b"}`, goodPoly))
	hs, warns, err := readHazards(strings.NewReader(src), "h.geojson", FormatGeoJSON, nil)
	if err != nil || len(hs) != 1 || hs[0].Kind != geo.SHA || len(warns) != 1 || !strings.Contains(warns[0].Message, `"kind"`) {
		t.Fatalf("hazards %+v, warnings %v, error %v; want 1 hazard and a warning", hs, warns, err)
	}
	// Names the schema does not map are kept as they are.
	if want := map[string]any{"Hazard-Type": "SHA", "Note": "a", "note": "b"}; !reflect.DeepEqual(hs[0].Properties, want) {
		t.Errorf("properties %v, want %v", hs[0].Properties, want)
	}
	var buf bytes.Buffer
	if err := writeHazards(&buf, false, hs...); err != nil {
		t.Fatal(err)
	}
}

// TestReadStrictKeepsRepeatedPositions: strict mode neither rejects nor
// drops repeated consecutive positions.
func TestReadStrictKeepsRepeatedPositions(t *testing.T) {
	src := fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,0],[1,1],[0,1],[0,0]]]}`))
	hs, warns, err := readHazards(strings.NewReader(src), "h.geojson", FormatGeoJSON, nil)
	if err != nil || len(hs) != 1 || len(warns) != 0 || len(hs[0].Geometry[0][0]) != 6 {
		t.Fatalf("hazards %v, warnings %v, error %v; want the ring of 6 positions as it is", hs, warns, err)
	}
}

// TestReadErrorLines: errors carry the line of the CSV row or KML
// Placemark, blank lines included.
func TestReadErrorLines(t *testing.T) {
	src := "id,lat,lon\nI1,40,46\n\nI2,40,46\nI3,95,46\n"
	_, _, err := readIncidents(strings.NewReader(src), "v.csv", FormatCSV, nil)
	fe := firstFeatureError(t, err)
	if want := `v.csv: line 5: feature 2 (id "I3"): lat: latitude 95: geo: coordinate out of range`; fe.Line != 5 || fe.Error() != want {
		t.Fatalf("error %q (line %d), want %q", fe, fe.Line, want)
	}
	src = "id,lat,lon\r\n\r\nI1,\"40\n\",46\r\nI2,x,46\r\n"
	_, _, err = readIncidents(strings.NewReader(src), "v.csv", FormatCSV, nil)
	if fe := firstFeatureError(t, err); fe.Line != 5 || fe.Index != 1 {
		t.Fatalf("error %v (line %d), want line 5", fe, fe.Line)
	}
	_, _, err = readHazards(strings.NewReader(kmlNested), "h.kml", FormatKML, nil)
	var fileErr *geo.FileError
	if !errors.As(err, &fileErr) || len(fileErr.Errs) != 2 {
		t.Fatalf("error %v", err)
	}
	// Placemarks L and P start on lines 20 and 21 of kmlNested.
	if l0, l1 := fileErr.Errs[0].Line, fileErr.Errs[1].Line; l0 != 20 || l1 != 21 {
		t.Errorf("lines %d, %d; want 20, 21", l0, l1)
	}
	if fe := (&geo.FeatureError{File: "f", Index: 0, Field: "x", Err: feature.ErrMissing}); fe.Error() != "f: feature 0: x: "+feature.ErrMissing.Error() {
		t.Errorf("line 0 printed: %q", fe)
	}
}

// TestReadSchemaNames: messages use the schema's names as given, lookups
// match them in any spelling, with or without a custom schema.
func TestReadSchemaNames(t *testing.T) {
	src := fc(`{"type":"Feature","properties":{"kind":"SHA","status":"open"},"geometry":` + goodPoly + `}`)
	opt := &feature.Options{Schema: &feature.Schema{HazardID: []string{"ObjectID", "Hazard_Code"}}}
	_, _, err := readHazards(strings.NewReader(src), "h.geojson", FormatGeoJSON, opt)
	if fe := firstFeatureError(t, err); !strings.Contains(fe.Error(), "no ObjectID/Hazard_Code") {
		t.Errorf("error %q, want the schema's names", fe)
	}
	src = fc(`{"type":"Feature","properties":{"hazard code":"H1","KIND":"SHA","status":"open"},"geometry":` + goodPoly + `}`)
	hs, _, err := readHazards(strings.NewReader(src), "h.geojson", FormatGeoJSON, opt)
	if err != nil || len(hs) != 1 || hs[0].ID != "H1" {
		t.Fatalf("hazards %+v, error %v", hs, err)
	}
}

// TestReadDuplicateOfRejectedID: an id is remembered even when its first
// feature is rejected for another reason.
func TestReadDuplicateOfRejectedID(t *testing.T) {
	src := fc(hazardFeature("A", `{"kind":"minefield","status":"open"}`, goodPoly), hazardFeature("A", `{"kind":"SHA","status":"open"}`, goodPoly))
	hs, _, err := readHazards(strings.NewReader(src), "h.geojson", FormatGeoJSON, nil)
	if len(hs) != 0 || !errors.Is(err, feature.ErrDuplicateID) {
		t.Fatalf("hazards %+v, error %v; want none, feature.ErrDuplicateID", hs, err)
	}
	src = "id,lat,lon\nI1,95,46\nI1,40,46\n"
	is, _, err := readIncidents(strings.NewReader(src), "i.csv", FormatCSV, nil)
	if len(is) != 0 || !errors.Is(err, feature.ErrDuplicateID) {
		t.Fatalf("incidents %+v, error %v; want none, feature.ErrDuplicateID", is, err)
	}
}

// TestReadNumbers: coordinates that are not decimal numbers are
// ErrBadNumber in CSV and KML; hexadecimal floats are refused.
func TestReadNumbers(t *testing.T) {
	kmlPoint := func(coords string) string {
		return `<kml><Placemark><ExtendedData><Data name="id"><value>I1</value></Data></ExtendedData><Point><coordinates>` + coords + `</coordinates></Point></Placemark></kml>`
	}
	cases := []struct {
		name, src string
		f         Format
		want      error
	}{
		{"CSV word", "id,lat,lon\nI1,forty,46\n", FormatCSV, feature.ErrBadNumber},
		{"CSV hex float", "id,lat,lon\nI1,0x1p3,46\n", FormatCSV, feature.ErrBadNumber},
		{"CSV underscore", "id,lat,lon\nI1,0x_1p3,46\n", FormatCSV, feature.ErrBadNumber},
		{"CSV hex count", "id,lat,lon,killed\nI1,40,46,0x10\n", FormatCSV, feature.ErrBadNumber},
		{"KML word", kmlPoint("46,forty"), FormatKML, feature.ErrBadNumber},
		{"KML hex float", kmlPoint("0x1p3,40"), FormatKML, feature.ErrBadNumber},
		{"KML infinite", kmlPoint("46,Inf"), FormatKML, geo.ErrNotFinite},
		{"GeoJSON hex float", fc(`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[0x1p3,40]}}`), FormatGeoJSON, feature.ErrFormat},
		{"CSV exponent", "id,lat,lon\nI1,4e1,46\n", FormatCSV, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			is, _, err := readIncidents(strings.NewReader(c.src), "in", c.f, nil)
			if c.want == nil {
				if err != nil || len(is) != 1 {
					t.Fatalf("incidents %v, error %v", is, err)
				}
				return
			}
			if len(is) != 0 || !errors.Is(err, c.want) {
				t.Fatalf("incidents %v, error %v; want %v", is, err, c.want)
			}
		})
	}
}
