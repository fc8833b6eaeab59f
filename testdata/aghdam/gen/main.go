// Command gen writes the synthetic layers of the Aghdam scenario:
// hazards.geojson (SHA and CHA polygons) and incidents.csv. It reads the real
// settlements from settlements.csv in the same folder, to place confirmed
// hazards near villages, and leaves that file unchanged.
//
// Run from the module root:
//
//	go run ./testdata/aghdam/gen
//
// or from anywhere with -dir naming the testdata/aghdam folder. The generator
// is seeded, so a rerun writes byte-identical files. It checks what it writes:
// every ring is closed, simple (no edge crosses another) and oriented as
// RFC 7946 asks (shells counter-clockwise, holes clockwise) after rounding to
// 6 decimals; every hole lies inside its shell and apart from the others; and
// hazards overlap only where planned.
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"
)

// A local plane around the district: x east, y north, metres. The scale is
// that of the WGS84 ellipsoid at lat0, so areas are within 1% of the ground.
const (
	lat0 = 40.05
	lon0 = 46.95
)

var (
	mPerDegLat = 111132.954 - 559.822*math.Cos(2*lat0*math.Pi/180) + 1.175*math.Cos(4*lat0*math.Pi/180)
	mPerDegLon = 111412.84*math.Cos(lat0*math.Pi/180) - 93.5*math.Cos(3*lat0*math.Pi/180)
)

type pt struct{ x, y float64 }

func toPlane(lat, lon float64) pt {
	return pt{(lon - lon0) * mPerDegLon, (lat - lat0) * mPerDegLat}
}

func toLonLat(p pt) (lon, lat float64) {
	return round6(lon0 + p.x/mPerDegLon), round6(lat0 + p.y/mPerDegLat)
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// lineOfContact is an approximation of the 1994-2020 line of contact through
// Aghdam district, north to south, as (lat, lon). It passes east of the
// formerly occupied settlements (Aghdam town, Qiyasli, Boyahmadli, Qizil
// Kangarli, Papravend, Seysulan) and west of the front-line villages that
// stayed under Azerbaijani control (Chiraqli, Shukuraghali, Novruzlu,
// Marzili), through Sarijali. It is drawn from the settlement positions, not
// from a map of the line.
var lineOfContact = [][2]float64{
	{40.285, 47.000},
	{40.220, 46.985},
	{40.170, 46.995},
	{40.120, 47.005},
	{40.070, 47.000},
	{40.020, 46.985},
	{39.970, 46.990},
	{39.920, 47.010},
	{39.850, 47.030},
}

// ring is an open ring in the plane (the first position is not repeated).
type ring []pt

type polygon []ring // shell, then holes

type hazard struct {
	id       string
	kind     string
	status   string
	evidence []string
	reported time.Time
	note     string
	poly     polygon
	lonlat   [][][2]float64 // closed rings, rounded
	areaHa   float64
	overlaps bool // planned to overlap another hazard
}

type settlement struct {
	name     string
	lat, lon float64
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("gen: ")
	dir := flag.String("dir", "testdata/aghdam", "folder of the Aghdam scenario")
	flag.Parse()

	sets, err := readSettlements(filepath.Join(*dir, "settlements.csv"))
	if err != nil {
		log.Fatal(err)
	}
	r := rand.New(rand.NewPCG(2025, 630))
	hz := makeSHAs(r, sets)
	hz = append(hz, makeCHAs(r, sets, hz)...)
	for i := range hz {
		finish(&hz[i])
	}
	checkOverlaps(hz)
	inc := makeIncidents(r, hz)

	if err := os.WriteFile(filepath.Join(*dir, "hazards.geojson"), hazardsJSON(hz), 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*dir, "incidents.csv"), incidentsCSV(inc), 0o644); err != nil {
		log.Fatal(err)
	}
	var sha, cha float64
	nHoles := 0
	for _, h := range hz {
		if h.kind == "SHA" {
			sha += h.areaHa
		} else {
			cha += h.areaHa
		}
		nHoles += len(h.poly) - 1
	}
	fmt.Printf("hazards: %d (%.0f ha SHA, %.0f ha CHA, %.0f ha in all, %d holes); incidents: %d\n",
		len(hz), sha, cha, sha+cha, nHoles, len(inc))
}

func readSettlements(path string) ([]settlement, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	var out []settlement
	for _, row := range rows[1:] {
		lat, err1 := strconv.ParseFloat(row[col["lat"]], 64)
		lon, err2 := strconv.ParseFloat(row[col["lon"]], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%s: bad position for %s", path, row[col["name_latin"]])
		}
		out = append(out, settlement{row[col["name_latin"]], lat, lon})
	}
	return out, nil
}

// shape returns a star-shaped polygon around the origin in a unit frame:
// n vertices at increasing angles (so the shell is simple and
// counter-clockwise), radii in [0.55, 1] with an optional bay that makes it
// concave, and up to two holes. Every edge of the shell stays at least
// 0.52 from the origin (the largest angle step is under 0.63 rad and
// 0.55·cos(0.315) > 0.52), and the holes lie within 0.45 of it, apart from
// each other.
func shape(r *rand.Rand, holes int) polygon {
	n := 16 + r.IntN(13)
	bays := 1 + r.IntN(2)
	type bay struct{ at, depth, width float64 }
	bs := make([]bay, bays)
	for i := range bs {
		bs[i] = bay{r.Float64() * 2 * math.Pi, 0.2 + 0.25*r.Float64(), 0.25 + 0.3*r.Float64()}
	}
	shell := make(ring, n)
	for i := range shell {
		a := 2 * math.Pi * (float64(i) + 0.6*(r.Float64()-0.5)) / float64(n)
		rad := 0.92 + 0.08*(r.Float64()*2-1)
		for _, b := range bs {
			d := math.Remainder(a-b.at, 2*math.Pi) / b.width
			rad -= b.depth * math.Exp(-d*d)
		}
		rad = min(max(rad, 0.55), 1)
		shell[i] = pt{rad * math.Cos(a), rad * math.Sin(a)}
	}
	p := polygon{shell}
	a0 := r.Float64() * 2 * math.Pi
	for h := range holes {
		c := pt{0.25 * math.Cos(a0+float64(h)*math.Pi), 0.25 * math.Sin(a0+float64(h)*math.Pi)}
		m := 7 + r.IntN(5)
		hole := make(ring, m)
		for i := range hole {
			a := 2 * math.Pi * (float64(i) + 0.5*(r.Float64()-0.5)) / float64(m)
			rad := 0.12 + 0.08*r.Float64()
			// Clockwise: walk the angles backwards.
			hole[m-1-i] = pt{c.x + rad*math.Cos(a), c.y + rad*math.Sin(a)}
		}
		p = append(p, hole)
	}
	return p
}

// place maps a unit shape to the plane: stretched by elong along its own x
// axis, turned so that axis points to heading (radians from east), scaled so
// that its area (shell minus holes) is areaM2, and moved to c. The map is
// linear with a positive determinant, so orientation, simplicity and the
// holes' containment survive it.
func place(u polygon, c pt, heading, elong, areaM2 float64) polygon {
	sin, cos := math.Sincos(heading)
	tf := func(q pt, s float64) pt {
		x, y := q.x*elong*s, q.y*s
		return pt{c.x + x*cos - y*sin, c.y + x*sin + y*cos}
	}
	a := polyArea(u) * elong
	s := math.Sqrt(areaM2 / a)
	out := make(polygon, len(u))
	for k, rg := range u {
		out[k] = make(ring, len(rg))
		for i, q := range rg {
			out[k][i] = tf(q, s)
		}
	}
	return out
}

func signedArea(rg ring) float64 {
	var s float64
	for i, j := 0, len(rg)-1; i < len(rg); j, i = i, i+1 {
		s += rg[j].x*rg[i].y - rg[i].x*rg[j].y
	}
	return s / 2
}

func polyArea(p polygon) float64 {
	a := signedArea(p[0])
	for _, h := range p[1:] {
		a += signedArea(h) // holes are clockwise: negative
	}
	return a
}

// lineAt returns the point at distance s (metres) along the line of contact
// and the heading of the line there.
func lineAt(s float64) (pt, float64) {
	for i := 0; i+1 < len(lineOfContact); i++ {
		a := toPlane(lineOfContact[i][0], lineOfContact[i][1])
		b := toPlane(lineOfContact[i+1][0], lineOfContact[i+1][1])
		l := math.Hypot(b.x-a.x, b.y-a.y)
		if s <= l || i+2 == len(lineOfContact) {
			t := min(s/l, 1)
			return pt{a.x + t*(b.x-a.x), a.y + t*(b.y-a.y)}, math.Atan2(b.y-a.y, b.x-a.x)
		}
		s -= l
	}
	panic("unreachable")
}

func lineLength() float64 {
	var l float64
	for i := 0; i+1 < len(lineOfContact); i++ {
		a := toPlane(lineOfContact[i][0], lineOfContact[i][1])
		b := toPlane(lineOfContact[i+1][0], lineOfContact[i+1][1])
		l += math.Hypot(b.x-a.x, b.y-a.y)
	}
	return l
}

var shaEvidence = [][]string{
	{"former line of contact"},
	{"former line of contact", "farmland left unused"},
	{"former line of contact", "local informant report"},
	{"former line of contact", "minefield record"},
	{"former line of contact", "fortified position"},
}

func pickStatus(r *rand.Rand) string {
	switch u := r.Float64(); {
	case u < 0.74:
		return "open"
	case u < 0.92:
		return "worked on"
	default:
		return "closed"
	}
}

func randDate(r *rand.Rand, from, to time.Time) time.Time {
	days := int(to.Sub(from).Hours() / 24)
	return from.AddDate(0, 0, r.IntN(days+1))
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// makeSHAs places the suspected hazardous areas in a band along the line of
// contact, 5 km west (the formerly occupied side, where the defensive
// minefields were deepest) to 2.5 km east of it, largest first, without
// overlap and without covering a settlement centre, except for two that are
// made to overlap a neighbour in part (as records of two surveys often do).
func makeSHAs(r *rand.Rand, sets []settlement) []hazard {
	const n = 34
	areas := make([]float64, n)
	for i := range areas {
		areas[i] = 20 * math.Pow(40, math.Pow(r.Float64(), 0.55)) // 20 to 800 ha
	}
	slices.Sort(areas)
	slices.Reverse(areas)
	length := lineLength()
	var out []hazard
	for i, ha := range areas {
		overlap := i == 9 || i == 21 // two planned overlaps
		holes := 0
		if u := r.Float64(); u < 0.2 {
			holes = 1
		} else if u < 0.3 {
			holes = 2
		}
		var poly polygon
		for try := 0; ; try++ {
			if try == 20000 {
				log.Fatalf("SHA %d (%.0f ha): no room", i, ha)
			}
			u := shape(r, holes)
			var c pt
			var heading float64
			if overlap {
				// Next to an earlier SHA, so that the two overlap.
				o := out[r.IntN(len(out))]
				oc := centre(o.poly)
				ang := r.Float64() * 2 * math.Pi
				d := (1 + 0.4*r.Float64()) * math.Sqrt(o.areaHa*1e4/math.Pi)
				c = pt{oc.x + d*math.Cos(ang), oc.y + d*math.Sin(ang)}
				_, heading = lineAt(length / 2)
			} else {
				var on pt
				on, heading = lineAt(r.Float64() * length)
				off := -5000 + 7500*r.Float64()
				// West of the line (negative off) is to the right of its
				// southward heading: step along the left normal.
				c = pt{on.x - off*math.Sin(heading), on.y + off*math.Cos(heading)}
			}
			heading += (r.Float64() - 0.5) * 0.7
			elong := 1.3 + 1.7*r.Float64()
			poly = place(u, c, heading, elong, ha*1e4)
			hits := 0
			for _, o := range out {
				if polygonsMeet(poly, o.poly) {
					hits++
					if overlap && !ringsCross(poly[0], o.poly[0]) {
						hits++ // one inside the other: not the overlap wanted
					}
				}
			}
			for _, s := range sets { // keep village centres out
				if ringContains(poly[0], toPlane(s.lat, s.lon)) {
					hits = -1
				}
			}
			if overlap && hits == 1 || !overlap && hits == 0 {
				break
			}
		}
		out = append(out, hazard{
			kind:     "SHA",
			status:   pickStatus(r),
			evidence: shaEvidence[r.IntN(len(shaEvidence))],
			reported: randDate(r, date(2020, 12, 1), date(2023, 12, 31)),
			note:     "synthetic suspected hazardous area along the approximate former line of contact; not survey data",
			poly:     poly,
			areaHa:   ha,
			overlaps: overlap,
		})
	}
	// Number them north to south.
	slices.SortStableFunc(out, func(a, b hazard) int { return -cmpF(centre(a.poly).y, centre(b.poly).y) })
	for i := range out {
		out[i].id = fmt.Sprintf("SHA-%03d", i+1)
	}
	return out
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// centre is the mean of the shell's vertices (the origin of the star).
func centre(p polygon) pt {
	var c pt
	for _, q := range p[0] {
		c.x += q.x
		c.y += q.y
	}
	n := float64(len(p[0]))
	return pt{c.x / n, c.y / n}
}

// papravend is the approximate place of the 30 June 2025 accident: the
// village centre from the gazetteer.
var papravend = [2]float64{40.158333, 46.841667}

type chaSpec struct {
	near     string // settlement name_latin, or "" for the line of contact
	lineAt   float64
	evidence []string
}

// makeCHAs places the confirmed hazardous areas: one around the Papravend
// accident and the others near villages and along the line, where minefield
// records, sightings or accidents confirm mines. They do not overlap each
// other; they may lie within an SHA.
func makeCHAs(r *rand.Rand, sets []settlement, shas []hazard) []hazard {
	specs := []chaSpec{
		{near: "Aghdam", evidence: []string{"minefield record", "mine sighted"}},
		{near: "Boyahmadli", evidence: []string{"minefield record"}},
		{near: "Qizil Kangarli", evidence: []string{"mine sighted"}},
		{near: "Qiyasli", evidence: []string{"accident"}},
		{near: "Shelli", evidence: []string{"minefield record", "signs and fences"}},
		{near: "Abdal-Gulabli", evidence: []string{"minefield record"}},
		{near: "Aghdara", evidence: []string{"mine sighted"}},
		{near: "Sarijali", evidence: []string{"accident", "minefield record"}},
		{lineAt: 0.3, evidence: []string{"minefield record"}},
		{lineAt: 0.5, evidence: []string{"minefield record", "signs and fences"}},
		{lineAt: 0.85, evidence: []string{"mine sighted"}},
	}
	byName := map[string]settlement{}
	for _, s := range sets {
		byName[s.name] = s
	}
	var out []hazard
	// CHA-001: around the Papravend accident, which lies inside it.
	acc := toPlane(papravend[0], papravend[1])
	for try := 0; ; try++ {
		if try == 1000 {
			log.Fatal("Papravend CHA: accident not inside")
		}
		c := pt{acc.x - 40 + 80*r.Float64(), acc.y - 40 + 80*r.Float64()}
		poly := place(shape(r, 0), c, r.Float64()*math.Pi, 1.2+0.6*r.Float64(), 9e4)
		if ringContains(poly[0], acc) {
			out = append(out, hazard{
				kind:     "CHA",
				status:   "open",
				evidence: []string{"accident", "mine sighted"},
				reported: date(2025, 7, 1),
				note:     "synthetic polygon around the reported 30 June 2025 anti-personnel mine accident in Papravend; outline invented",
				poly:     poly,
			})
			break
		}
	}
	length := lineLength()
	for _, sp := range specs {
		ha := 2 * math.Pow(30, r.Float64()) // 2 to 60 ha
		var poly polygon
		for try := 0; ; try++ {
			if try == 20000 {
				log.Fatalf("CHA near %q: no room", sp.near)
			}
			var c pt
			if sp.near != "" {
				s, ok := byName[sp.near]
				if !ok {
					log.Fatalf("no settlement %q", sp.near)
				}
				sc := toPlane(s.lat, s.lon)
				ang := r.Float64() * 2 * math.Pi
				d := 400 + 1000*r.Float64()
				c = pt{sc.x + d*math.Cos(ang), sc.y + d*math.Sin(ang)}
			} else {
				on, h := lineAt(sp.lineAt*length + (r.Float64()-0.5)*2000)
				off := (r.Float64() - 0.5) * 1200
				c = pt{on.x + off*math.Sin(h), on.y - off*math.Cos(h)}
			}
			poly = place(shape(r, 0), c, r.Float64()*math.Pi, 1.1+1.4*r.Float64(), ha*1e4)
			ok := true
			for _, o := range out {
				if polygonsMeet(poly, o.poly) {
					ok = false
				}
			}
			for _, s := range sets { // keep village centres out
				if ringContains(poly[0], toPlane(s.lat, s.lon)) {
					ok = false
				}
			}
			if ok {
				break
			}
		}
		out = append(out, hazard{
			kind:     "CHA",
			status:   pickStatus(r),
			evidence: sp.evidence,
			reported: randDate(r, date(2021, 3, 1), date(2025, 5, 31)),
			note:     "synthetic confirmed hazardous area; not survey data",
			poly:     poly,
		})
	}
	for i := range out {
		out[i].id = fmt.Sprintf("CHA-%03d", i+1)
	}
	return out
}

// finish rounds the polygon to 6 decimals of lon/lat, closes its rings and
// checks them.
func finish(h *hazard) {
	h.lonlat = make([][][2]float64, len(h.poly))
	rounded := make(polygon, len(h.poly))
	for k, rg := range h.poly {
		out := make([][2]float64, 0, len(rg)+1)
		rr := make(ring, 0, len(rg))
		for _, q := range rg {
			lon, lat := toLonLat(q)
			out = append(out, [2]float64{lon, lat})
			rr = append(rr, pt{lon, lat})
		}
		out = append(out, out[0])
		h.lonlat[k] = out
		rounded[k] = rr
	}
	h.areaHa = polyArea(h.poly) / 1e4
	// Checks in lon/lat, after rounding.
	for k, rg := range rounded {
		if a := signedArea(rg); k == 0 && a <= 0 || k > 0 && a >= 0 {
			log.Fatalf("%s ring %d: wrong orientation", h.id, k)
		}
		if !simple(rg) {
			log.Fatalf("%s ring %d: not simple", h.id, k)
		}
		if k == 0 {
			continue
		}
		for _, q := range rg {
			if !ringContains(rounded[0], q) {
				log.Fatalf("%s hole %d: outside the shell", h.id, k)
			}
		}
		if ringsCross(rg, rounded[0]) {
			log.Fatalf("%s hole %d: crosses the shell", h.id, k)
		}
		for _, o := range rounded[1:k] {
			if ringsCross(rg, o) || ringContains(o, rg[0]) || ringContains(rg, o[0]) {
				log.Fatalf("%s hole %d: overlaps another hole", h.id, k)
			}
		}
	}
	if h.areaHa < 1.9 || h.areaHa > 801 {
		log.Fatalf("%s: %.1f ha out of range", h.id, h.areaHa)
	}
}

// checkOverlaps makes sure only the planned SHAs overlap another SHA, and
// no two CHAs meet.
func checkOverlaps(hz []hazard) {
	planned := 0
	for i := range hz {
		for j := i + 1; j < len(hz); j++ {
			if hz[i].kind != hz[j].kind || !polygonsMeet(hz[i].poly, hz[j].poly) {
				continue
			}
			if hz[i].kind == "CHA" || !hz[i].overlaps && !hz[j].overlaps {
				log.Fatalf("%s and %s overlap unplanned", hz[i].id, hz[j].id)
			}
			planned++
		}
	}
	if planned < 2 {
		log.Fatalf("only %d planned overlaps", planned)
	}
}

// segmentsCross reports whether segments ab and cd share a point.
func segmentsCross(a, b, c, d pt) bool {
	o := func(p, q, r pt) float64 { return (q.x-p.x)*(r.y-p.y) - (q.y-p.y)*(r.x-p.x) }
	d1, d2 := o(c, d, a), o(c, d, b)
	d3, d4 := o(a, b, c), o(a, b, d)
	if (d1 > 0 && d2 < 0 || d1 < 0 && d2 > 0) && (d3 > 0 && d4 < 0 || d3 < 0 && d4 > 0) {
		return true
	}
	on := func(p, q, r pt) bool { // r on segment pq, given collinear
		return min(p.x, q.x) <= r.x && r.x <= max(p.x, q.x) && min(p.y, q.y) <= r.y && r.y <= max(p.y, q.y)
	}
	return d1 == 0 && on(c, d, a) || d2 == 0 && on(c, d, b) || d3 == 0 && on(a, b, c) || d4 == 0 && on(a, b, d)
}

// simple reports whether no two non-adjacent edges of the ring meet and no
// two adjacent edges fold back on each other.
func simple(rg ring) bool {
	n := len(rg)
	for i := range n {
		a, b := rg[i], rg[(i+1)%n]
		if a == b {
			return false
		}
		for j := i + 1; j < n; j++ {
			if j == i+1 || (j+1)%n == i {
				continue
			}
			if segmentsCross(a, b, rg[j], rg[(j+1)%n]) {
				return false
			}
		}
	}
	return true
}

func ringsCross(p, q ring) bool {
	for i := range p {
		for j := range q {
			if segmentsCross(p[i], p[(i+1)%len(p)], q[j], q[(j+1)%len(q)]) {
				return true
			}
		}
	}
	return false
}

func ringContains(rg ring, p pt) bool {
	in := false
	for i, j := 0, len(rg)-1; i < len(rg); j, i = i, i+1 {
		a, b := rg[j], rg[i]
		if (a.y > p.y) != (b.y > p.y) && p.x < a.x+(p.y-a.y)*(b.x-a.x)/(b.y-a.y) {
			in = !in
		}
	}
	return in
}

func polygonContains(p polygon, q pt) bool {
	if !ringContains(p[0], q) {
		return false
	}
	for _, h := range p[1:] {
		if ringContains(h, q) {
			return false
		}
	}
	return true
}

// polygonsMeet reports whether two shells share a point (holes ignored: a
// polygon in another's hole still counts, to keep hazards apart).
func polygonsMeet(p, q polygon) bool {
	return ringsCross(p[0], q[0]) || ringContains(p[0], q[0][0]) || ringContains(q[0], p[0][0])
}

// distToRing returns the distance from p to the nearest edge of rg.
func distToRing(rg ring, p pt) float64 {
	best := math.Inf(1)
	for i := range rg {
		a, b := rg[i], rg[(i+1)%len(rg)]
		dx, dy := b.x-a.x, b.y-a.y
		t := ((p.x-a.x)*dx + (p.y-a.y)*dy) / (dx*dx + dy*dy)
		t = min(max(t, 0), 1)
		best = min(best, math.Hypot(a.x+t*dx-p.x, a.y+t*dy-p.y))
	}
	return best
}

type incident struct {
	id             string
	date           time.Time
	lat, lon       float64
	killed, injure int
	device         string
	synthetic      bool
	note           string
}

// makeIncidents draws the synthetic incidents: most inside a hazard (picked
// by area), some within 600 m outside one, a few elsewhere in the district.
// Dates cluster after the 1994 ceasefire and after the 2020 war. Then it adds
// the stand-in for the real Papravend accident and numbers all by date.
func makeIncidents(r *rand.Rand, hz []hazard) []incident {
	const n = 94
	var total float64
	for _, h := range hz {
		total += h.areaHa
	}
	pickHazard := func() hazard {
		u := r.Float64() * total
		for _, h := range hz {
			if u -= h.areaHa; u < 0 {
				return h
			}
		}
		return hz[len(hz)-1]
	}
	inAny := func(q pt) bool {
		for _, h := range hz {
			if polygonContains(h.poly, q) {
				return true
			}
		}
		return false
	}
	bbox := func(p polygon, pad float64) (lo, hi pt) {
		lo, hi = pt{math.Inf(1), math.Inf(1)}, pt{math.Inf(-1), math.Inf(-1)}
		for _, q := range p[0] {
			lo = pt{min(lo.x, q.x), min(lo.y, q.y)}
			hi = pt{max(hi.x, q.x), max(hi.y, q.y)}
		}
		return pt{lo.x - pad, lo.y - pad}, pt{hi.x + pad, hi.y + pad}
	}
	in := func(lo, hi pt) pt {
		return pt{lo.x + r.Float64()*(hi.x-lo.x), lo.y + r.Float64()*(hi.y-lo.y)}
	}
	var out []incident
	for range n {
		var q pt
		switch u := r.Float64(); {
		case u < 0.65:
			h := pickHazard()
			lo, hi := bbox(h.poly, 0)
			for q = in(lo, hi); !polygonContains(h.poly, q); q = in(lo, hi) {
			}
		case u < 0.9:
			h := pickHazard()
			lo, hi := bbox(h.poly, 600)
			for q = in(lo, hi); inAny(q) || distToRing(h.poly[0], q) > 600; q = in(lo, hi) {
			}
		default:
			q = in(toPlane(39.86, 46.62), toPlane(40.29, 47.14))
		}
		var d time.Time
		switch u := r.Float64(); {
		case u < 0.45:
			d = randDate(r, date(1994, 5, 12), date(2000, 12, 31))
		case u < 0.65:
			d = randDate(r, date(2001, 1, 1), date(2020, 9, 26))
		default:
			d = randDate(r, date(2020, 11, 10), date(2025, 10, 31))
		}
		inc := incident{date: d, synthetic: true, note: "synthetic incident; not a real event"}
		inc.lon, inc.lat = toLonLat(q)
		switch u := r.Float64(); {
		case u < 0.45:
			inc.device = "AP"
			if r.Float64() < 0.2 {
				inc.killed = 1
			} else {
				inc.injure = 1
			}
		case u < 0.63:
			inc.device = "AT"
			inc.killed = r.IntN(3)
			inc.injure = r.IntN(4)
			if inc.killed+inc.injure == 0 {
				inc.injure = 1
			}
		case u < 0.90:
			inc.device = "UXO"
			inc.killed = r.IntN(2)
			inc.injure = 1 + r.IntN(2)
		case u < 0.93:
			inc.device = "IED"
			inc.killed = r.IntN(2)
			inc.injure = 1
		default:
			inc.device = "unknown"
			inc.injure = 1
		}
		out = append(out, inc)
	}
	out = append(out, incident{
		date: date(2025, 6, 30), lat: papravend[0], lon: papravend[1],
		injure: 1, device: "AP",
		note: "Based on the reported 30 June 2025 incident: a police officer lost a foot; position approximate",
	})
	slices.SortStableFunc(out, func(a, b incident) int {
		if c := a.date.Compare(b.date); c != 0 {
			return c
		}
		return cmpF(b.lat, a.lat)
	})
	for i := range out {
		out[i].id = fmt.Sprintf("INC-%03d", i+1)
	}
	return out
}

type props struct {
	ID        string   `json:"id"`
	Kind      string   `json:"kind"`
	Status    string   `json:"status"`
	Evidence  []string `json:"evidence"`
	Reported  string   `json:"reported"`
	AreaHa    float64  `json:"area_ha"`
	Synthetic bool     `json:"synthetic"`
	Note      string   `json:"note"`
}

// hazardsJSON writes a FeatureCollection with one feature per line.
func hazardsJSON(hz []hazard) []byte {
	var b bytes.Buffer
	b.WriteString("{\"type\":\"FeatureCollection\",\"features\":[\n")
	for i, h := range hz {
		p, err := json.Marshal(props{h.id, h.kind, h.status, h.evidence, h.reported.Format(time.DateOnly),
			math.Round(h.areaHa*10) / 10, true, h.note})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Fprintf(&b, "{\"type\":\"Feature\",\"properties\":%s,\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[", p)
		for k, rg := range h.lonlat {
			if k > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('[')
			for j, q := range rg {
				if j > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(&b, "[%.6f,%.6f]", q[0], q[1])
			}
			b.WriteByte(']')
		}
		b.WriteString("]}}")
		if i+1 < len(hz) {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]}\n")
	if !json.Valid(b.Bytes()) {
		log.Fatal("hazards.geojson: invalid JSON")
	}
	return b.Bytes()
}

func incidentsCSV(inc []incident) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"id", "date", "lat", "lon", "killed", "injured", "device", "synthetic", "note"})
	for _, in := range inc {
		w.Write([]string{in.id, in.date.Format(time.DateOnly),
			strconv.FormatFloat(in.lat, 'f', 6, 64), strconv.FormatFloat(in.lon, 'f', 6, 64),
			strconv.Itoa(in.killed), strconv.Itoa(in.injure), in.device,
			strconv.FormatBool(in.synthetic), in.note})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		log.Fatal(err)
	}
	return bytes.ReplaceAll(b.Bytes(), []byte("\r\n"), []byte("\n"))
}
