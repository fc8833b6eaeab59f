package postgis_test

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/geo/postgis"
	"github.com/landrelease/clearance/internal/pgtest"
	"github.com/landrelease/clearance/testdata/aghdam"
	"github.com/paulmach/orb"
)

func readAghdam(t *testing.T) *geo.Dataset {
	t.Helper()
	d, _, err := dataset.Read(context.Background(), dataset.Files{
		Hazards: aghdam.Hazards, Incidents: aghdam.Incidents, Settlements: aghdam.Settlements,
	}, &dataset.Options{FS: aghdam.FS})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in, def             string
		conn, schema, table string
		query               string
		bad                 bool
	}{
		{"postgres://u:pw@h:5432/db?table=s.t&sslmode=disable", "", "postgres://u:pw@h:5432/db?sslmode=disable", "s", "t", "", false},
		{"postgresql://h/db?table=t", "", "postgresql://h/db", "", "t", "", false},
		{"postgres://h/db?query=SELECT+1", "", "postgres://h/db", "", "", "SELECT 1", false},
		{"postgres://h/db", "cells", "postgres://h/db", "", "cells", "", false},
		{"postgres://h/db", "", "", "", "", "", true},
		{"postgres://h/db?table=t&query=SELECT+1", "", "", "", "", "", true},
		{"postgres://h/db?table=s.", "", "", "", "", "", true},
		{"http://h/db?table=t", "", "", "", "", "", true},
	} {
		s, err := postgis.Parse(tc.in, tc.def)
		if tc.bad {
			if !errors.Is(err, postgis.ErrURL) {
				t.Errorf("Parse(%q) = %+v, %v; want ErrURL", tc.in, s, err)
			}
			continue
		}
		if err != nil || s.Conn != tc.conn || s.Schema != tc.schema || s.Table != tc.table || s.Query != tc.query {
			t.Errorf("Parse(%q) = %+v, %v", tc.in, s, err)
		}
	}
	s, _ := postgis.Parse("postgres://u:secret@h/db?table=t", "")
	if strings.Contains(s.String(), "secret") {
		t.Errorf("String() %q shows the password", s)
	}
}

// TestRoundTrip writes the Aghdam layers as PostGIS tables and reads each
// back to the same model.
func TestRoundTrip(t *testing.T) {
	base := pgtest.URL(t)
	ctx := context.Background()
	_, urls := pgtest.Schema(t, base, "hazards", "incidents", "settlements")
	d := readAghdam(t)
	hl, _ := feature.HazardLayer(d.Hazards)
	il, _ := feature.IncidentLayer(d.Incidents)
	sl, _ := feature.SettlementLayer(d.Settlements)
	for i, l := range []*feature.Layer{hl, il, sl} {
		if err := postgis.Write(ctx, urls[i], l); err != nil {
			t.Fatal(err)
		}
	}
	read := func(u string) []feature.Feature {
		feats, err := postgis.Read(ctx, u, "")
		if err != nil {
			t.Fatal(err)
		}
		return feats
	}
	hs, _, err := feature.Hazards("h", read(urls[0]), nil)
	if err != nil {
		t.Fatal(err)
	}
	is, _, err := feature.Incidents("i", read(urls[1]), nil)
	if err != nil {
		t.Fatal(err)
	}
	ss, _, err := feature.Settlements("s", read(urls[2]), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(hs, d.Hazards) {
		t.Errorf("hazards differ:\n%+v\n%+v", hs[0], d.Hazards[0])
	}
	if !reflect.DeepEqual(is, d.Incidents) {
		t.Errorf("incidents differ:\n%+v\n%+v", is[0], d.Incidents[0])
	}
	if !reflect.DeepEqual(ss, d.Settlements) {
		t.Errorf("settlements differ:\n%+v\n%+v", ss[0], d.Settlements[0])
	}
}

func pointLayer(pts ...orb.Point) *feature.Layer {
	return &feature.Layer{Name: "pts", Geometry: feature.PointGeometry,
		Columns: []feature.Column{{Name: "n", Type: feature.TypeInt}, {Name: "x", Type: feature.TypeFloat}, {Name: "note", Type: feature.TypeString}},
		Rows: func(yield func(orb.Geometry, []any) bool) {
			for i, p := range pts {
				if !yield(p, []any{i, 1.0 / 3 * float64(i), "tab\there\\ \"q\"\nline"}) {
					return
				}
			}
		}}
}

// TestWriteFailureLeavesTable: a bad row or a done context rolls the
// write back, leaving the previous table; values come back exactly.
func TestWriteFailureLeavesTable(t *testing.T) {
	base := pgtest.URL(t)
	ctx := context.Background()
	_, urls := pgtest.Schema(t, base, "pts")
	if err := postgis.Write(ctx, urls[0], pointLayer(orb.Point{1, 2}, orb.Point{3, 4})); err != nil {
		t.Fatal(err)
	}
	if err := postgis.Write(ctx, urls[0], pointLayer(orb.Point{5, 6}, orb.Point{500, 4})); !errors.Is(err, geo.ErrOutOfRange) {
		t.Fatalf("writing a point out of range: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := postgis.Write(cctx, urls[0], pointLayer(orb.Point{7, 8})); err == nil {
		t.Fatal("writing with a done context: no error")
	}
	feats, err := postgis.Read(ctx, urls[0], "")
	if err != nil || len(feats) != 2 || feats[1].Geometry != (orb.Point{3, 4}) {
		t.Fatalf("after failed writes: %+v, %v", feats, err)
	}
	p := feats[1].Properties
	if p["n"] != 1.0 || p["x"] != 1.0/3 || p["note"] != "tab\there\\ \"q\"\nline" {
		t.Errorf("properties %q", p)
	}
}

// TestReadProjectedAndQuery: a table in UTM 38N is read in lon/lat (by
// the server's ST_Transform); a query is read in its own order.
func TestReadProjectedAndQuery(t *testing.T) {
	base := pgtest.URL(t)
	ctx := context.Background()
	schema, urls := pgtest.Schema(t, base, "utm")
	pgtest.Exec(t, base,
		`CREATE TABLE "`+schema+`".utm (gid serial PRIMARY KEY, name text, pop integer, seen date, geom geometry(Point, 32638))`,
		`INSERT INTO "`+schema+`".utm (name, pop, seen, geom) VALUES
			('Papravend', 1200, '2025-06-30', ST_Transform(ST_SetSRID(ST_MakePoint(46.842, 40.158), 4326), 32638)),
			('Aghdam', NULL, NULL, ST_Transform(ST_SetSRID(ST_MakePoint(46.934, 39.989), 4326), 32638))`)
	feats, err := postgis.Read(ctx, urls[0], "")
	if err != nil || len(feats) != 2 {
		t.Fatalf("%+v, %v", feats, err)
	}
	p := feats[0].Geometry.(orb.Point)
	if math.Abs(p[0]-46.842) > 1e-9 || math.Abs(p[1]-40.158) > 1e-9 {
		t.Errorf("point %v", p)
	}
	if want := map[string]any{"name": "Papravend", "pop": 1200.0, "seen": "2025-06-30"}; !reflect.DeepEqual(feats[0].Properties, want) {
		t.Errorf("properties %v, want %v (gid left out)", feats[0].Properties, want)
	}
	q := strings.Replace(base, "sslmode", "query=SELECT+name,+geom+FROM+"+schema+".utm+ORDER+BY+name&sslmode", 1)
	feats, err = postgis.Read(ctx, q, "q")
	if err != nil || len(feats) != 2 || feats[0].Properties["name"] != "Aghdam" {
		t.Fatalf("query: %+v, %v", feats, err)
	}
	noGeom := strings.Replace(base, "sslmode", "query=SELECT+1+AS+one&sslmode", 1)
	if _, err := postgis.Read(ctx, noGeom, "q"); !errors.Is(err, postgis.ErrNoGeometry) {
		t.Errorf("a query without geometry: %v", err)
	}
}
