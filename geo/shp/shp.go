package shp

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/internal/crs"
	"github.com/paulmach/orb"
)

// ErrShape: the .shp, .shx or .dbf is not well formed.
var ErrShape = errors.New("geo: malformed Shapefile")

// Read reads the Shapefile whose .shp is at path, with the .dbf, .shx,
// .prj and .cpg beside it (same base name; the extension in any case),
// from fsys (nil: the operating system's files). See [Decode]. A missing
// .shp or .dbf is an error naming it. A done ctx stops reading between
// records. Cost O(file sizes); the files are held in memory.
func Read(ctx context.Context, fsys fs.FS, path string) ([]feature.Feature, error) {
	readFile := func(name string) ([]byte, error) {
		if fsys == nil {
			return os.ReadFile(name)
		}
		return fs.ReadFile(fsys, name)
	}
	base := strings.TrimSuffix(path, filepath.Ext(path))
	sibling := func(ext string, required bool) ([]byte, error) {
		for _, e := range []string{ext, strings.ToUpper(ext)} {
			b, err := readFile(base + e)
			if err == nil {
				return b, nil
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
		}
		if required {
			return nil, fmt.Errorf("%s: no %s file beside it: %w", path, ext, fs.ErrNotExist)
		}
		return nil, nil
	}
	shpData, err := readFile(path)
	if err != nil {
		return nil, err
	}
	dbfData, err := sibling(".dbf", true)
	if err != nil {
		return nil, err
	}
	shxData, err := sibling(".shx", false)
	if err != nil {
		return nil, err
	}
	prj, err := sibling(".prj", false)
	if err != nil {
		return nil, err
	}
	cpg, err := sibling(".cpg", false)
	if err != nil {
		return nil, err
	}
	return decode(ctx, Files{SHP: shpData, DBF: dbfData, SHX: shxData, PRJ: prj, CPG: cpg}, path)
}

// Files holds the contents of a Shapefile's files; nil for a missing one.
type Files struct {
	SHP, DBF, SHX, PRJ, CPG []byte
}

// Decode decodes a Shapefile from its files' contents; file names it in
// messages. Each record is a feature (see the package doc) whose Index is
// its position among the records kept and whose Line is 0. A bad position
// or an invalid ring grouping is a problem of the feature.
//
// A structural problem (a bad header or record, .shp and .dbf record
// counts that differ, a .shx that disagrees, a .prj of a CRS the library
// cannot undo, a code page it does not know) is an error naming the file
// and wrapping ErrShape, feature.ErrFormat or the CRS's error, with no
// features. Cost O(total size).
func Decode(f Files, file string) ([]feature.Feature, error) {
	return decode(context.Background(), f, file)
}

func decode(ctx context.Context, f Files, file string) ([]feature.Feature, error) {
	ref := crs.WGS84
	noPRJ := len(strings.TrimSpace(string(f.PRJ))) == 0
	if !noPRJ {
		c, err := crs.FromWKT(string(f.PRJ))
		if err != nil {
			return nil, fmt.Errorf("%s: .prj: %w", file, err)
		}
		ref = c
	}
	shapes, err := decodeSHP(ctx, f.SHP)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if f.SHX != nil {
		if err := checkSHX(f.SHX, len(shapes)); err != nil {
			return nil, fmt.Errorf("%s: .shx: %w", file, err)
		}
	}
	tab, err := decodeDBF(f.DBF, string(f.CPG))
	if err != nil {
		return nil, fmt.Errorf("%s: .dbf: %w", file, err)
	}
	if len(tab.records) != len(shapes) {
		return nil, fmt.Errorf("%s: %d shapes but %d .dbf records: %w", file, len(shapes), len(tab.records), ErrShape)
	}
	out := make([]feature.Feature, 0, len(shapes))
	for i, s := range shapes {
		rec := tab.records[i]
		if rec.deleted {
			continue
		}
		if err := ctx.Err(); err != nil && i%1024 == 0 {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		ft := feature.Feature{Index: len(out), Properties: rec.props}
		for _, w := range rec.warnings {
			ft.Warn(w.Field, w.Err.Error())
		}
		s.to(&ft, ref)
		out = append(out, ft)
	}
	if len(out) > 0 {
		if noPRJ {
			out[0].Warn("geometry", "no .prj file: coordinates taken as WGS84 longitude and latitude")
		} else if !ref.IsWGS84() {
			out[0].Warn("geometry", fmt.Sprintf("coordinates in %s turned into WGS84 longitude and latitude", ref))
		}
		if tab.guessed != "" {
			out[0].Warn("properties", tab.guessed)
		}
	}
	return out, nil
}

// shape is one record of a .shp as stored.
type shape struct {
	typ   string // the type's name; "" for a null shape
	point orb.Point
	rings []orb.Ring // Polygon rings, in file order
	bad   error      // a problem of the record's geometry
	field string
}

var shapeNames = map[int32]string{
	0: "", 1: "Point", 3: "PolyLine", 5: "Polygon", 8: "MultiPoint",
	11: "PointZ", 13: "PolyLineZ", 15: "PolygonZ", 18: "MultiPointZ",
	21: "PointM", 23: "PolyLineM", 25: "PolygonM", 28: "MultiPointM", 31: "MultiPatch",
}

// decodeSHP reads the records of a .shp. Cost O(len(b)); a forged count
// allocates nothing beyond what b holds.
func decodeSHP(ctx context.Context, b []byte) ([]shape, error) {
	if len(b) < 100 {
		return nil, fmt.Errorf(".shp: %d bytes, shorter than its header: %w", len(b), ErrShape)
	}
	if code := binary.BigEndian.Uint32(b); code != 9994 {
		return nil, fmt.Errorf(".shp: file code %d, want 9994: %w", code, ErrShape)
	}
	if v := binary.LittleEndian.Uint32(b[28:]); v != 1000 {
		return nil, fmt.Errorf(".shp: version %d, want 1000: %w", v, ErrShape)
	}
	length := int64(binary.BigEndian.Uint32(b[24:])) * 2
	if length < 100 || length > int64(len(b)) {
		return nil, fmt.Errorf(".shp: header says %d bytes, the file has %d: %w", length, len(b), ErrShape)
	}
	b = b[:length]
	var out []shape
	for pos := 100; pos < len(b); {
		if len(out)%1024 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if len(b)-pos < 12 {
			return nil, fmt.Errorf(".shp: record %d: truncated header: %w", len(out), ErrShape)
		}
		n := int64(binary.BigEndian.Uint32(b[pos+4:])) * 2
		if n < 4 || n > int64(len(b)-pos-8) {
			return nil, fmt.Errorf(".shp: record %d: content length %d past the end of the file: %w", len(out), n, ErrShape)
		}
		s, err := decodeShape(b[pos+8 : pos+8+int(n)])
		if err != nil {
			return nil, fmt.Errorf(".shp: record %d: %w", len(out), err)
		}
		out = append(out, s)
		pos += 8 + int(n)
	}
	return out, nil
}

// decodeShape decodes one record's content.
func decodeShape(c []byte) (shape, error) {
	t := int32(binary.LittleEndian.Uint32(c))
	name, known := shapeNames[t]
	if !known {
		return shape{}, fmt.Errorf("shape type %d: %w", t, ErrShape)
	}
	s := shape{typ: name}
	le := binary.LittleEndian
	f64 := func(at int) float64 { return math.Float64frombits(le.Uint64(c[at:])) }
	switch t {
	case 0:
	case 1, 11, 21:
		need := map[int32]int{1: 20, 11: 36, 21: 28}[t]
		if len(c) < need {
			return shape{}, fmt.Errorf("%s of %d bytes: %w", name, len(c), ErrShape)
		}
		s.point = orb.Point{f64(4), f64(12)}
		if t == 11 && !finite(f64(20)) {
			s.bad, s.field = fmt.Errorf("the z coordinate: %w", geo.ErrNotFinite), "geometry.point"
		}
	case 5, 15, 25:
		if len(c) < 44 {
			return shape{}, fmt.Errorf("%s of %d bytes: %w", name, len(c), ErrShape)
		}
		parts, points := int64(int32(le.Uint32(c[36:]))), int64(int32(le.Uint32(c[40:])))
		if parts < 0 || points < 0 || 44+4*parts+16*points > int64(len(c)) {
			return shape{}, fmt.Errorf("%s: %d parts of %d points do not fit its %d bytes: %w", name, parts, points, len(c), ErrShape)
		}
		starts := make([]int, parts+1)
		for k := range parts {
			starts[k] = int(int32(le.Uint32(c[44+4*k:])))
		}
		starts[parts] = int(points)
		at := 44 + 4*int(parts)
		for k := range parts {
			lo, hi := starts[k], starts[k+1]
			if lo < 0 || hi < lo || hi > int(points) || (k == 0 && lo != 0) {
				return shape{}, fmt.Errorf("%s: part %d starts at point %d: %w", name, k, lo, ErrShape)
			}
			r := make(orb.Ring, hi-lo)
			for q := range r {
				p := at + 16*(lo+q)
				r[q] = orb.Point{f64(p), f64(p + 8)}
			}
			s.rings = append(s.rings, r)
		}
		if t == 15 { // Z range, then Z values: check them finite
			z := at + 16*int(points) + 16
			if z+8*int(points) <= len(c) {
				for q := range int(points) {
					if !finite(f64(z + 8*q)) {
						s.bad, s.field = fmt.Errorf("the z coordinate of point %d: %w", q, geo.ErrNotFinite), "geometry"
						break
					}
				}
			}
		}
	}
	return s, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// checkSHX checks a .shx's header and record count.
func checkSHX(b []byte, n int) error {
	if len(b) < 100 || binary.BigEndian.Uint32(b) != 9994 {
		return fmt.Errorf("not a Shapefile index: %w", ErrShape)
	}
	if got := (len(b) - 100) / 8; got != n || (len(b)-100)%8 != 0 {
		return fmt.Errorf("%d records, the .shp has %d: %w", got, n, ErrShape)
	}
	return nil
}

// to sets f's geometry from s, turned into WGS84 by ref.
func (s *shape) to(f *feature.Feature, ref crs.CRS) {
	f.GeometryType = strings.TrimRight(s.typ, "ZM")
	if f.GeometryType == "PolyLine" {
		f.GeometryType = "LineString"
	}
	if s.bad != nil {
		f.Fail(s.field, s.bad)
		return
	}
	var g orb.Geometry
	switch f.GeometryType {
	case "Point":
		if math.IsNaN(s.point[0]) && math.IsNaN(s.point[1]) {
			f.GeometryType = "" // an empty point
			return
		}
		g = s.point
	case "Polygon":
		if len(s.rings) == 0 {
			f.GeometryType = ""
			return
		}
		var warn string
		g, warn = group(s.rings)
		if warn != "" {
			f.Warn("geometry", warn)
		}
	default:
		return
	}
	g, field, err := ref.Apply(g)
	if err != nil {
		f.Fail(field, err)
		return
	}
	f.Geometry = g
}

// group groups ESRI rings into polygons: clockwise rings are outer rings,
// counter-clockwise ones holes of the first outer ring that holds them;
// every ring is reversed to RFC 7946's winding. It returns a Polygon for
// one outer ring, else a MultiPolygon, and a warning for holes no outer
// ring holds (kept as outer rings).
func group(rings []orb.Ring) (orb.Geometry, string) {
	var outers []orb.Polygon
	var holes []orb.Ring
	for _, r := range rings {
		if signedArea(r) <= 0 { // clockwise (or flat): an outer ring
			outers = append(outers, orb.Polygon{reversed(r)})
		} else {
			holes = append(holes, r)
		}
	}
	orphans := 0
	for _, h := range holes {
		placed := false
		if len(h) > 0 {
			for k := range outers {
				if inRing(h[0], outers[k][0]) {
					outers[k] = append(outers[k], reversed(h))
					placed = true
					break
				}
			}
		}
		if !placed {
			orphans++
			outers = append(outers, orb.Polygon{h}) // already counter-clockwise
		}
	}
	warn := ""
	if orphans > 0 {
		warn = fmt.Sprintf("%d counter-clockwise ring(s) (holes in ESRI's rule) inside no clockwise ring: kept as outer rings", orphans)
	}
	if len(outers) == 1 {
		return outers[0], warn
	}
	return orb.MultiPolygon(outers), warn
}

// signedArea is twice the ring's signed area: positive when
// counter-clockwise.
func signedArea(r orb.Ring) float64 {
	var a float64
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return a
}

func reversed(r orb.Ring) orb.Ring {
	out := make(orb.Ring, len(r))
	for i, p := range r {
		out[len(r)-1-i] = p
	}
	return out
}

// inRing reports whether p is inside r (crossing number; a point on the
// boundary may go either way).
func inRing(p orb.Point, r orb.Ring) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}
