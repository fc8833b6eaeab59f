package report

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/color"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
	itext "github.com/landrelease/clearance/internal/text"
	"github.com/landrelease/clearance/planning"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// TestBurndownLayout: the legend's strip is below the chart and never
// overlaps it, whatever the number of entries.
func TestBurndownLayout(t *testing.T) {
	img := vgimg.New(20*vg.Centimeter, 12*vg.Centimeter)
	dc := draw.New(img)
	for n := range 5 {
		chart, legend := burndownLayout(dc, n)
		if overlaps(chart.Rectangle, legend.Rectangle) {
			t.Errorf("%d entries: chart %v overlaps legend %v", n, chart.Rectangle, legend.Rectangle)
		}
		if n > 0 && !(legend.Max.Y <= chart.Min.Y && legend.Max.Y-legend.Min.Y >= vg.Length(n)*0.45*vg.Centimeter) {
			t.Errorf("%d entries: legend %v not a strip below the chart %v", n, legend.Rectangle, chart.Rectangle)
		}
	}
}

// TestPlaceLabels: on a crowded map no two names overlap, no name covers
// a point, the scale bar or the north arrow, and the most populous
// settlements keep their names first.
func TestPlaceLabels(t *testing.T) {
	img := vgimg.New(10*vg.Centimeter, 10*vg.Centimeter)
	c := draw.New(img)
	rng := rand.New(rand.NewPCG(1, 1))
	s := &settlements{widthKm: 100}
	p := plot.New()
	s.style = text.Style{Color: color.Black, Font: p.Title.TextStyle.Font, Handler: p.TextHandler}
	sans(&s.style, 9)
	var pts []vg.Point
	for i := range 300 {
		pts = append(pts, vg.Point{X: vg.Length(rng.Float64()) * c.Max.X, Y: vg.Length(rng.Float64()) * c.Max.Y})
		s.xy = append(s.xy, plotter.XY{})
		s.names = append(s.names, fmt.Sprintf("Settlement %d", i))
		s.pops = append(s.pops, rng.IntN(5000)-1)
	}
	labels := s.placeLabels(c, pts)
	if len(labels) == 0 || len(labels) == len(pts) {
		t.Fatalf("%d of %d names placed on a crowded map", len(labels), len(pts))
	}
	_, _, bar := scaleBarBox(c, s.widthKm)
	arrow := northArrowBox(c)
	placed := make(map[int]bool)
	for a, la := range labels {
		placed[la.i] = true
		for _, lb := range labels[a+1:] {
			if overlaps(la.rect, lb.rect) {
				t.Fatalf("%s and %s overlap", s.names[la.i], s.names[lb.i])
			}
		}
		for j, pt := range pts {
			r := s.dotRadius()
			if j != la.i && overlaps(la.rect, vg.Rectangle{Min: vg.Point{X: pt.X - r, Y: pt.Y - r}, Max: vg.Point{X: pt.X + r, Y: pt.Y + r}}) {
				t.Fatalf("%s covers the point of %s", s.names[la.i], s.names[j])
			}
		}
		if overlaps(la.rect, bar) || overlaps(la.rect, arrow) {
			t.Fatalf("%s covers the scale bar or the north arrow", s.names[la.i])
		}
	}
	// The most populous settlement is always named (nothing is placed
	// before it), unless no spot of its own fits inside the map.
	best := 0
	for i := range s.pops {
		if s.pops[i] > s.pops[best] {
			best = i
		}
	}
	if !placed[best] && pts[best].X > 2*vg.Centimeter && pts[best].X < 8*vg.Centimeter && pts[best].Y > vg.Centimeter && pts[best].Y < 9*vg.Centimeter {
		t.Errorf("the most populous settlement lost its name")
	}
}

// TestXMLEscape: the KML writer escapes text as encoding/xml does.
func TestXMLEscape(t *testing.T) {
	for _, s := range []string{"plain", `a "b" & 'c' <d>`, "tab\there\r\nline", "bad \xff utf8", "ctl \x01 \x1f", "Sarıcalı – ü 😀", "\uFFFE\uFFFF"} {
		var got bytes.Buffer
		bw := bufio.NewWriter(&got)
		xmlEscape(bw, s)
		bw.Flush()
		var want bytes.Buffer
		enc := xml.NewEncoder(&want)
		if err := enc.EncodeToken(xml.CharData(s)); err != nil {
			t.Fatal(err)
		}
		enc.Flush()
		if got.String() != want.String() {
			t.Errorf("%q: got %q, encoding/xml %q", s, got.String(), want.String())
		}
	}
}

// TestAppendJSONString: strings are written as encoding/json writes them
// without HTML escaping.
func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"plain", `q"b\s`, "ctl \x00\x01\b\f\n\r\t\x1f", "bad \xff", "<&>", "\u2028\u2029", "Papravənd"} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.Encode(s)
		if got := string(appendJSONString(nil, s)); got != strings.TrimSuffix(want.String(), "\n") {
			t.Errorf("%q: got %s, encoding/json %s", s, got, want.String())
		}
	}
}

// TestBurndownAxis: the share axis runs 0-100% (the legend has its own
// strip, so no headroom above 100%), with or without the uncertainty band,
// whose P10 and P90 go in the title.
func TestBurndownAxis(t *testing.T) {
	units := []planning.Unit{
		{ID: "a", Kind: geo.SHA, AreaM2: 200000, Risk: 3},
		{ID: "b", Kind: geo.CHA, AreaM2: 50000, Risk: 9},
	}
	teams := []planning.Team{{Method: planning.MethodNTS}, {Method: planning.MethodTS}, {Method: planning.MethodManual, Count: 3}}
	cfg := &planning.Config{Calendar: planning.Calendar{Start: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)}}
	pl, err := planning.Schedule(context.Background(), units, teams, cfg)
	if err != nil {
		t.Fatal(err)
	}
	unc, err := planning.Simulate(context.Background(), units, teams, cfg, &planning.UncertaintyOptions{Runs: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, band := range []*planning.Uncertainty{nil, unc} {
		p, _, entries, err := burndownPlot(pl.Forecast(nil), &ChartOptions{Title: "t", TotalRisk: pl.TotalRisk, Band: band})
		if err != nil {
			t.Fatal(err)
		}
		if p.Y.Min != 0 || p.Y.Max != 100 {
			t.Errorf("band %v: y axis %v to %v, want 0 to 100", band != nil, p.Y.Min, p.Y.Max)
		}
		want := 2
		if band != nil {
			want = 3
			if !strings.Contains(p.Title.Text, "P10 "+itext.Day(unc.LastWorkDay[planning.P10])) {
				t.Errorf("title %q lacks the P10 date", p.Title.Text)
			}
		}
		if entries != want {
			t.Errorf("band %v: %d legend entries, want %d", band != nil, entries, want)
		}
	}
}

// TestAppendFixedDate: appendFixed and appendDate write what text.Fixed
// and text.Date write, after what the buffer held.
func TestAppendFixedDate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	xs := []float64{0, math.Copysign(0, -1), -0.004, -0.005, 0.005, -0.05, -1e-9, 1, -1, 123.456, -123.456, 1e21, math.Inf(1), math.Inf(-1), math.NaN()}
	for range 1000 {
		xs = append(xs, (rng.Float64()-0.5)*math.Pow(10, float64(rng.IntN(12)-6)))
	}
	for _, x := range xs {
		for dec := range 5 {
			if got, want := string(appendFixed([]byte("a,"), x, dec)), "a,"+itext.Fixed(x, dec); got != want {
				t.Errorf("appendFixed(%v, %d) = %q, want %q", x, dec, got, want)
			}
		}
	}
	for _, d := range []time.Time{{}, time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(1999, 12, 31, 23, 59, 0, 0, time.FixedZone("x", 3600))} {
		if got, want := string(appendDate([]byte("a,"), d)), "a,"+itext.Date(d); got != want {
			t.Errorf("appendDate(%v) = %q, want %q", d, got, want)
		}
	}
}

// TestAppendSig: appendSig writes what sig writes.
func TestAppendSig(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	xs := []float64{0, math.Copysign(0, -1), 1, -1, 1e-20, -1e-20, 123456789, 0.1, 1.5e-7, math.Inf(1), math.Inf(-1), math.NaN()}
	for range 2000 {
		xs = append(xs, (rng.Float64()-0.5)*math.Pow(10, float64(rng.IntN(30)-15)))
	}
	for _, x := range xs {
		if got, want := string(appendSig([]byte("a,"), x)), "a,"+sig(x); got != want {
			t.Errorf("appendSig(%v) = %q, want %q", x, got, want)
		}
	}
}

// TestKMLStringValue: a string property goes into the KML as it is, which
// escaped is what the JSON-quoted value, unquoted, gave (the previous way),
// whatever the string holds; appendJSONString quotes bytes as it quotes a
// string; and xmlEscape and xmlEscapeBytes escape as encoding/xml does.
func TestKMLStringValue(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	pieces := []string{"a", "Z9", " ", "\"", "'", "&", "<", ">", "\\", "\t", "\n", "\r", "\x01", "\x1f", "\x7f", "\xff", "\xe2\x80", "é", "\u2028", "\u2029", "\ufffd", "😀", "|", ";"}
	ss := []string{"", "plain"}
	for range 3000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		ss = append(ss, b.String())
	}
	escape := func(s string) string {
		var buf bytes.Buffer
		w := bufio.NewWriter(&buf)
		xmlEscape(w, s)
		w.Flush()
		return buf.String()
	}
	for _, s := range ss {
		js := string(appendJSONString(nil, s))
		if jb := string(appendJSONString(nil, []byte(s))); jb != js {
			t.Errorf("%q: quoted as bytes %s, as a string %s", s, jb, js)
		}
		old, err := strconv.Unquote(js)
		if err != nil {
			old = js
		}
		if got, want := escape(s), escape(old); got != want {
			t.Errorf("%q: KML text %q, was %q", s, got, want)
		}
		var buf bytes.Buffer
		w := bufio.NewWriter(&buf)
		xmlEscapeBytes(w, []byte(s))
		w.Flush()
		if buf.String() != escape(s) {
			t.Errorf("%q: xmlEscapeBytes %q, xmlEscape %q", s, buf.String(), escape(s))
		}
		var ref bytes.Buffer
		enc := xml.NewEncoder(&ref)
		if err := enc.EncodeToken(xml.CharData(s)); err != nil {
			t.Fatal(err)
		}
		enc.Flush()
		if escape(s) != ref.String() {
			t.Errorf("%q: xmlEscape %q, encoding/xml %q", s, escape(s), ref.String())
		}
	}
}

// TestAppendCSVRecord: records are written as encoding/csv's Writer writes
// them, whatever their fields hold.
func TestAppendCSVRecord(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	pieces := []string{"a", "7", ",", "\"", "\r", "\n", " ", "\t", "\u00a0", "\u2028", `\`, ".", "é", "\xff", ";", "|"}
	records := [][]string{{""}, {"", ""}, {`\.`}, {`\.x`, " a", "a "}, {"plain", "1.5", "-0"}}
	for range 3000 {
		rec := make([]string, 1+rng.IntN(4))
		for f := range rec {
			var b strings.Builder
			for range rng.IntN(5) {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
			rec[f] = b.String()
		}
		records = append(records, rec)
	}
	for _, rec := range records {
		var want bytes.Buffer
		cw := csv.NewWriter(&want)
		cw.Write(rec)
		cw.Flush()
		if got := appendCSVRecord([]byte("x"), rec); string(got) != "x"+want.String() {
			t.Errorf("%q: %q, encoding/csv writes %q", rec, got[1:], want.String())
		}
		for _, f := range rec {
			if a, b := string(appendCSVField(nil, f)), string(appendCSVField(nil, []byte(f))); a != b {
				t.Errorf("%q: as a string %q, as bytes %q", f, a, b)
			}
		}
	}
}
