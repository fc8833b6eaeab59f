package feature_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/internal/golden"
	"github.com/paulmach/orb"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func sampleHazards() []geo.Hazard {
	return []geo.Hazard{
		{
			ID: "SHA-1", Kind: geo.SHA, Status: geo.StatusOpen,
			Geometry: orb.MultiPolygon{{
				{{46.84, 40.15}, {46.85, 40.15}, {46.85, 40.16}, {46.84, 40.16}, {46.84, 40.15}},
				{{46.842, 40.152}, {46.842, 40.154}, {46.844, 40.154}, {46.844, 40.152}, {46.842, 40.152}},
			}},
			Evidence:   []string{"old front line", "farmland unused"},
			Reported:   day(2021, 3, 14),
			Properties: map[string]any{"village": "Papravend", "area_ha": "42.5", "organisation": "ANAMA & partners <test>"},
		},
		{
			ID: "CHA-2", Kind: geo.CHA, Status: geo.StatusWorkedOn,
			Geometry: orb.MultiPolygon{
				{{{47, 40}, {47.01, 40}, {47.01, 40.01}, {47, 40.01}, {47, 40}}},
				{{{47.01, 40}, {47.02, 40}, {47.02, 40.01}, {47.01, 40.01}, {47.01, 40}}},
			},
		},
		{
			ID: "CHA-3", Kind: geo.CHA, Status: geo.StatusClosed,
			Geometry:   orb.MultiPolygon{{{{46.9, 40.0}, {46.91, 40.0}, {46.905, 40.01}, {46.9, 40.0}}}},
			Reported:   time.Date(2024, 5, 1, 9, 30, 0, 0, time.UTC),
			Properties: map[string]any{"name": "Gülyataq valley"},
		},
	}
}

func sampleIncidents() []geo.Incident {
	return []geo.Incident{
		{ID: "INC-1", Date: day(2025, 6, 30), Injured: 1, Device: geo.DeviceAP, Point: geo.LonLat{Lon: 46.842, Lat: 40.158},
			Properties: map[string]any{"victim": "police officer"}},
		{ID: "INC-2", Date: day(2023, 1, 2), Killed: 2, Device: geo.DeviceAT, Point: geo.LonLat{Lon: 46.934, Lat: 39.989}},
		{Point: geo.LonLat{Lon: 46.9, Lat: 40.1}, Device: geo.DeviceUnknown},
	}
}

func sampleSettlements() []geo.Settlement {
	return []geo.Settlement{
		{Name: "Papravənd", Population: -1, Point: geo.LonLat{Lon: 46.842, Lat: 40.158}, PlannedReturn: day(2026, 5, 1)},
		{Name: "Aghdam", Population: 28000, Point: geo.LonLat{Lon: 46.934, Lat: 39.989}, Properties: map[string]any{"kind": "town"}},
	}
}

// normalise makes values comparable after a trip through KML, where
// properties are text.
func textProps(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := map[string]any{}
	for k, v := range m {
		s, _ := feature.Column{Type: feature.TypeAny}.Text(v)
		out[k] = s
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	for _, f := range []Format{FormatGeoJSON, FormatKML} {
		t.Run(f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			hs := sampleHazards()
			if err := writeHazards(&buf, f == FormatKML, hs...); err != nil {
				t.Fatal(err)
			}
			got, warns, err := readHazards(&buf, "h", f, nil)
			if err != nil || len(warns) != 0 {
				t.Fatalf("read back: %v %v", err, warns)
			}
			if !reflect.DeepEqual(got, hs) {
				t.Errorf("hazards differ:\n got %+v\nwant %+v", got, hs)
			}

			buf.Reset()
			is := sampleIncidents()
			err = writeIncidents(&buf, f == FormatKML, is...)
			if err != nil {
				t.Fatal(err)
			}
			gotI, _, err := readIncidents(&buf, "i", f, nil)
			if err != nil || !reflect.DeepEqual(gotI, is) {
				t.Errorf("incidents differ (%v):\n got %+v\nwant %+v", err, gotI, is)
			}

			buf.Reset()
			ss := sampleSettlements()
			err = writeSettlements(&buf, f == FormatKML, ss...)
			if err != nil {
				t.Fatal(err)
			}
			gotS, _, err := readSettlements(&buf, "s", f, nil)
			if err != nil || !reflect.DeepEqual(gotS, ss) {
				t.Errorf("settlements differ (%v):\n got %+v\nwant %+v", err, gotS, ss)
			}
		})
	}
}

func TestRoundTripNumbersInKML(t *testing.T) {
	hs := sampleHazards()[:1]
	hs[0].Properties = map[string]any{"area_ha": 42.5, "fenced": true}
	var buf bytes.Buffer
	if err := writeHazards(&buf, true, hs...); err != nil {
		t.Fatal(err)
	}
	got, _, err := readHazards(&buf, "h.kml", FormatKML, nil)
	if err != nil || !reflect.DeepEqual(got[0].Properties, textProps(hs[0].Properties)) {
		t.Fatalf("got %v (%v)", got, err)
	}
}

func TestWriteRejectsShadowingProperty(t *testing.T) {
	hs := sampleHazards()[:1]
	hs[0].Properties = map[string]any{"Kind": "minefield"}
	if err := writeHazards(&bytes.Buffer{}, false, hs...); err == nil || !strings.Contains(err.Error(), `"Kind"`) {
		t.Fatalf("error %v", err)
	}
}

// The golden files are what ogrinfo (GDAL) read: see
// testdata/read/ogrinfo/README.md. The writers must keep producing them
// byte for byte.
func TestWriteGolden(t *testing.T) {
	files := map[string]func(*bytes.Buffer) error{
		"hazards.geojson":     func(b *bytes.Buffer) error { return writeHazards(b, false, sampleHazards()...) },
		"hazards.kml":         func(b *bytes.Buffer) error { return writeHazards(b, true, sampleHazards()...) },
		"incidents.geojson":   func(b *bytes.Buffer) error { return writeIncidents(b, false, sampleIncidents()...) },
		"incidents.kml":       func(b *bytes.Buffer) error { return writeIncidents(b, true, sampleIncidents()...) },
		"settlements.geojson": func(b *bytes.Buffer) error { return writeSettlements(b, false, sampleSettlements()...) },
		"settlements.kml":     func(b *bytes.Buffer) error { return writeSettlements(b, true, sampleSettlements()...) },
	}
	for name, write := range files {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := write(&buf); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "read", "written", name)
			golden.Check(t, path, buf.Bytes(), "re-run ogrinfo on it (testdata/read/ogrinfo/README.md)")
			// And it reads back.
			f := FormatGeoJSON
			if strings.HasSuffix(name, ".kml") {
				f = FormatKML
			}
			var rerr error
			switch {
			case strings.HasPrefix(name, "hazards"):
				_, _, rerr = readHazards(bytes.NewReader(buf.Bytes()), name, f, nil)
			case strings.HasPrefix(name, "incidents"):
				_, _, rerr = readIncidents(bytes.NewReader(buf.Bytes()), name, f, nil)
			default:
				_, _, rerr = readSettlements(bytes.NewReader(buf.Bytes()), name, f, nil)
			}
			if rerr != nil {
				t.Error(rerr)
			}
		})
	}
}

// TestWriteRejectsAliasProperty: a property under a DefaultSchema name of
// a field is refused when the reader would take it for the field (the
// field is not written, as with a zero date or an empty id) or drop it;
// what the writers accept reads back equal, in GeoJSON and KML.
func TestWriteRejectsAliasProperty(t *testing.T) {
	hazard := func(props map[string]any, reported time.Time) []geo.Hazard {
		h := sampleHazards()[1]
		h.Properties, h.Reported = props, reported
		return []geo.Hazard{h}
	}
	incident := func(id string, props map[string]any) []geo.Incident {
		in := sampleIncidents()[2] // no date
		in.ID, in.Properties = id, props
		return []geo.Incident{in}
	}
	settlement := func(props map[string]any) []geo.Settlement {
		s := sampleSettlements()[0] // unknown population
		s.Properties = props
		return []geo.Settlement{s}
	}
	cases := []struct {
		name string
		hs   []geo.Hazard
		is   []geo.Incident
		ss   []geo.Settlement
		key  string // the key the error names; "" if the feature is accepted
	}{
		{"hazard date without Reported", hazard(map[string]any{"date": "spring 2019"}, time.Time{}), nil, nil, "date"},
		{"hazard date beside Reported", hazard(map[string]any{"date": "spring 2019"}, day(2020, 1, 2)), nil, nil, ""},
		{"hazard category beside the kind", hazard(map[string]any{"Category": "AP minefield", "state": "mapped"}, time.Time{}), nil, nil, ""},
		{"hazard blank type", hazard(map[string]any{"type": ""}, time.Time{}), nil, nil, "type"},
		{"hazard null type", hazard(map[string]any{"type": nil}, time.Time{}), nil, nil, "type"},
		{"hazard Type and type", hazard(map[string]any{"type": "a", "Type": "b"}, time.Time{}), nil, nil, "Type"},
		{"hazard code equal to the id", hazard(map[string]any{"code": "CHA-2"}, time.Time{}), nil, nil, "code"},
		{"hazard code and name other than the id", hazard(map[string]any{"code": "C-17", "name": "north field"}, time.Time{}), nil, nil, ""},
		{"incident code without an id", nil, incident("", map[string]any{"code": "X1"}), nil, "code"},
		{"incident code beside an id", nil, incident("I1", map[string]any{"code": "X1"}), nil, ""},
		{"incident event date without a date", nil, incident("I1", map[string]any{"Event Date": "2020-01-01"}), nil, "Event Date"},
		{"settlement pop with unknown population", nil, nil, settlement(map[string]any{"pop": "12"}), "pop"},
		{"settlement village beside the name", nil, nil, settlement(map[string]any{"village": "Papravend"}), ""},
	}
	for _, c := range cases {
		for _, f := range []Format{FormatGeoJSON, FormatKML} {
			t.Run(c.name+"/"+f.String(), func(t *testing.T) {
				var buf bytes.Buffer
				var err error
				kml := f == FormatKML
				switch {
				case c.hs != nil:
					err = writeHazards(&buf, kml, c.hs...)
				case c.is != nil:
					err = writeIncidents(&buf, kml, c.is...)
				default:
					err = writeSettlements(&buf, kml, c.ss...)
				}
				if c.key != "" {
					if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%q", c.key)) {
						t.Fatalf("error %v, want one naming %q", err, c.key)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				var got, want any
				var rerr error
				switch {
				case c.hs != nil:
					hs, _, err := readHazards(&buf, "h", f, nil)
					got, want, rerr = hs[0].Properties, c.hs[0].Properties, err
				case c.is != nil:
					is, _, err := readIncidents(&buf, "i", f, nil)
					got, want, rerr = is[0].Properties, c.is[0].Properties, err
				default:
					ss, _, err := readSettlements(&buf, "s", f, nil)
					got, want, rerr = ss[0].Properties, c.ss[0].Properties, err
				}
				if rerr != nil || !reflect.DeepEqual(got, want) {
					t.Fatalf("read back %v (%v), want %v", got, rerr, want)
				}
			})
		}
	}
}
