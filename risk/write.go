package risk

import (
	"bufio"
	"encoding/json"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/internal/text"
)

// CSVHeader is the fixed start of the header WriteCSV writes for the
// default (Mixture) model; the extra factor columns (Surface.FactorNames)
// and "hazards" follow it.
const CSVHeader = "i,j,area_m2,density,likelihood,village_m,risk,ground_m2,proximity,lon,lat,x,y"

// CSVHeaderLean is the fixed start of the header of a lean CSV (see
// CSVOptions) for the Mixture model.
const CSVHeaderLean = "i,j,area_m2,density,likelihood,village_m,risk"

// CSVHeaderKDE and CSVHeaderKDELean are CSVHeader and CSVHeaderLean for
// the KDE model: without the likelihood column, as before the Mixture.
const (
	CSVHeaderKDE     = "i,j,area_m2,density,village_m,risk,ground_m2,proximity,lon,lat,x,y"
	CSVHeaderKDELean = "i,j,area_m2,density,village_m,risk"
)

// CSVOptions sets what WriteCSVWith writes and how. A nil *CSVOptions
// writes what WriteCSV writes, on GOMAXPROCS goroutines.
type CSVOptions struct {
	// Lean leaves out the columns that follow from the others: ground_m2
	// (area_m2 over the squared scale factor), proximity (from village_m
	// and the model), lon and lat (the cell centre, inverse-projected) and
	// x and y (the centre, (i+0.5)·cell and (j+0.5)·cell in the surface's
	// projection). They are two thirds of the cost of writing a row: a lean
	// CSV of a million hectares is written about twice as fast and is about
	// half the size.
	Lean bool
	// Workers is the number of goroutines formatting rows; 0 (or less)
	// means GOMAXPROCS. The bytes written are the same for every count.
	Workers int
	// Exact writes every float as the shortest decimal that reads back to
	// the same float64 (strconv's shortest formatting), as versions before
	// December 2026 did, instead of 15 significant digits (within 5.5e-15
	// relative; see WriteCSV). It takes about 3.5 times the instructions to
	// format and makes a full CSV about 6% larger.
	Exact bool
}

// GeoJSONOptions sets how WriteCellsGeoJSONWith writes. A nil
// *GeoJSONOptions means the defaults.
type GeoJSONOptions struct {
	// Workers is the number of goroutines formatting features; 0 (or less)
	// means GOMAXPROCS. The bytes written are the same for every count.
	Workers int
	// Exact writes floats as CSVOptions.Exact does.
	Exact bool
}

// rowBlock is the number of rows a writer's goroutine formats at a time.
const rowBlock = 4096

// writeRows formats rows [0, n) in blocks of block rows on workers
// goroutines (GOMAXPROCS if workers ≤ 0) and writes the blocks in order
// on the calling goroutine as they come, while the next ones are being
// formatted, so the bytes do not depend on the number of goroutines and
// the writes overlap the formatting. At most 2·workers blocks are held. On
// a write error the blocks still being formatted are finished but not
// written, and the error is returned.
func writeRows(w io.Writer, n, workers, block int, format func(dst []byte, lo, hi int) []byte) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	nblocks := (n + block - 1) / block
	workers = max(1, min(workers, nblocks))
	nslots := 2 * workers
	bufs := make([][]byte, nslots)
	for s := range bufs {
		bufs[s] = getBlockBuf()
	}
	defer func() {
		for _, b := range bufs {
			putBlockBuf(b)
		}
	}()
	ready := make([]chan struct{}, nslots)
	free := make([]chan struct{}, nslots)
	for s := range nslots {
		ready[s] = make(chan struct{}, 1)
		free[s] = make(chan struct{}, 1)
		free[s] <- struct{}{}
	}
	sem := make(chan struct{}, workers)
	go func() {
		for b := range nblocks {
			s := b % nslots
			<-free[s]
			sem <- struct{}{}
			lo := b * block
			go func() {
				bufs[s] = format(bufs[s][:0], lo, min(lo+block, n))
				<-sem
				ready[s] <- struct{}{}
			}()
		}
	}()
	var err error
	for b := range nblocks {
		s := b % nslots
		<-ready[s]
		if err == nil {
			_, err = w.Write(bufs[s])
		}
		free[s] <- struct{}{}
	}
	return err
}

// blockBufs keeps the buffers blocks of rows are formatted into, from one
// writeRows to the next (a band's rows after another's): each grows once to
// a block's size instead of growing from empty, copying, for every call.
var blockBufs sync.Pool

func getBlockBuf() []byte {
	if b, ok := blockBufs.Get().(*[]byte); ok {
		return (*b)[:0]
	}
	// About a block of full CSV rows (4,096 of about 200 bytes); capacity
	// never written costs no memory.
	return make([]byte, 0, 1<<20)
}

func putBlockBuf(b []byte) {
	if cap(b) > 0 && cap(b) <= 16<<20 {
		blockBufs.Put(&b)
	}
}

// centrePool returns a function that lends a goroutine a function giving
// the WGS84 centre of cell k, equal to LonLat(k), and a function to give it
// back. With a UTM projection the centres come from a geo.CentreInverse
// (the same bits for about half the cost, as rows are written in order);
// otherwise from LonLat.
func (s *Surface) centrePool() func() (lonLat func(k int) geo.LonLat, put func()) {
	u, ok := s.Projection.(*geo.UTM)
	if !ok {
		return func() (func(int) geo.LonLat, func()) { return s.LonLat, func() {} }
	}
	pool := sync.Pool{New: func() any { return u.CentreInverse(s.Grid) }}
	return func() (func(int) geo.LonLat, func()) {
		ci := pool.Get().(*geo.CentreInverse)
		return func(k int) geo.LonLat { return ci.At(s.Cells[k].I, s.Cells[k].J) }, func() { pool.Put(ci) }
	}
}

// appendJSONFloat writes v, or null if it is NaN or infinite (which JSON
// cannot hold).
func appendJSONFloat(b []byte, v float64) []byte {
	return appendJSONFloatWith(appendFloat, b, v)
}

// appendJSONFloatWith writes v by ff, or null if it is NaN or infinite.
func appendJSONFloatWith(ff func([]byte, float64) []byte, b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, "null"...)
	}
	return ff(b, v)
}

// hazardIDs returns the hazards' ids from the source, "" where unknown.
func (s *Surface) hazardIDs() []string {
	ids := make([]string, len(s.Hazards))
	for h := range s.Hazards {
		ids[h] = s.Hazards[h].ID
	}
	return ids
}

// WriteCSV writes one row per cell, sorted by j then i, under the header
// CSVHeader (CSVHeaderKDE for the KDE model) followed by the extra factor columns and "hazards" (the ids of
// the hazards touching the cell joined by ";", quoted as RFC 4180 asks when
// an id holds a comma, quote or line break). A float that is an integer
// below 2^53 in magnitude is written as an integer; any other is rounded
// to 15 significant digits without trailing zeros (plain for decimal
// exponents in [-4, 21), as 0.000348522805836913 or 1024.21651698075,
// else as 5.54607930787316e-05), which reads back within 5.5e-15 relative
// (and exactly when the value has at most 15 significant digits); an
// infinite village_m (no settlements) is written +Inf. CSVOptions.Exact
// writes the shortest text that reads back to the same float64 instead.
// The bytes depend only
// on the surface. Cost O(cells), formatted on GOMAXPROCS goroutines (see
// WriteCSVWith for another count).
func (s *Surface) WriteCSV(w io.Writer) error {
	return s.WriteCSVWith(w, nil)
}

// WriteCSVWith writes the cells as WriteCSV does, with the columns opts
// chooses (with opts.Lean the header starts CSVHeaderLean, then the extra
// factor columns and "hazards"), formatted on opts.Workers goroutines. The
// bytes are the same for every worker count.
func (s *Surface) WriteCSVWith(w io.Writer, opts *CSVOptions) error {
	var o CSVOptions
	if opts != nil {
		o = *opts
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	if _, err := bw.Write(s.csvHeader(o.Lean)); err != nil {
		return err
	}
	if err := s.writeCSVRows(bw, &o); err != nil {
		return err
	}
	return bw.Flush()
}

// csvHeader returns the header line of the CSV of the surface.
func (s *Surface) csvHeader(lean bool) []byte {
	hdr := []byte(s.csvHeaderStart(lean))
	for _, name := range s.FactorNames {
		hdr = append(hdr, ',')
		hdr = appendCSVField(hdr, name)
	}
	return append(hdr, ",hazards\n"...)
}

// csvHeaderStart returns the fixed start of the surface's CSV header.
func (s *Surface) csvHeaderStart(lean bool) string {
	switch {
	case s.Model.Kind == KDE && lean:
		return CSVHeaderKDELean
	case s.Model.Kind == KDE:
		return CSVHeaderKDE
	case lean:
		return CSVHeaderLean
	}
	return CSVHeader
}

// writeCSVRows writes the CSV rows of the cells to bw, formatted on
// o.Workers goroutines.
func (s *Surface) writeCSVRows(bw io.Writer, o *CSVOptions) error {
	lean := o.Lean
	mix := s.Model.Kind == Mixture
	ids := s.hazardIDs()
	quote := false
	for _, id := range ids {
		if strings.ContainsAny(id, ",\"\r\n") {
			quote = true
		}
	}
	centres := s.centrePool()
	appendFloat := floatFormat(o.Exact) // this writer's float formatting, for every column
	return writeRows(bw, len(s.Cells), o.Workers, rowBlock, func(b []byte, lo, hi int) []byte {
		var lonLat func(k int) geo.LonLat
		if !lean {
			var put func()
			lonLat, put = centres()
			defer put()
		}
		for k := lo; k < hi; k++ {
			c := &s.Cells[k]
			b = appendInt(b, int64(c.I))
			b = append(b, ',')
			b = appendInt(b, int64(c.J))
			for _, v := range [...]float64{c.AreaM2, c.Density} {
				b = append(b, ',')
				b = appendFloat(b, v)
			}
			if mix {
				b = append(b, ',')
				b = appendFloat(b, c.Likelihood)
			}
			for _, v := range [...]float64{c.VillageM, c.Risk} {
				b = append(b, ',')
				b = appendFloat(b, v)
			}
			if !lean {
				ll := lonLat(k)
				for _, v := range [...]float64{c.GroundM2, c.Proximity, ll.Lon, ll.Lat, c.Centre.X, c.Centre.Y} {
					b = append(b, ',')
					b = appendFloat(b, v)
				}
			}
			for _, v := range s.Extra(k) {
				b = append(b, ',')
				b = appendFloat(b, v)
			}
			b = append(b, ',')
			hz := s.CellHazards(k)
			if quote && len(hz) > 0 {
				b = append(b, '"')
			}
			for q, h := range hz {
				if q > 0 {
					b = append(b, ';')
				}
				if quote {
					b = append(b, strings.ReplaceAll(ids[h], `"`, `""`)...)
				} else {
					b = append(b, ids[h]...)
				}
			}
			if quote && len(hz) > 0 {
				b = append(b, '"')
			}
			b = append(b, '\n')
		}
		return b
	})
}

func appendCSVField(b []byte, v string) []byte {
	if !strings.ContainsAny(v, ",\"\r\n") {
		return append(b, v...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(v, `"`, `""`)...)
	return append(b, '"')
}

// jsonString returns v as a JSON string literal.
func jsonString(v string) []byte {
	b, _ := json.Marshal(v) // a string always marshals
	return b
}

// WriteCellsGeoJSON writes the cells as a GeoJSON FeatureCollection, one
// feature per line in J-then-I order. Each cell is a WGS84 polygon: its
// square's four corners inverse-projected, a closed counter-clockwise ring
// (SW, SE, NE, NW, SW). Properties: i, j, area_m2, density, likelihood
// (Mixture only), village_m, proximity, risk, the extra factors by name, and hazards (an array of ids).
// Floats are written as WriteCSV writes them (GeoJSONOptions.Exact as
// CSVOptions.Exact); infinite or NaN values are written null. It returns ErrSource if the
// surface has no projection. Cost O(cells), formatted on GOMAXPROCS
// goroutines (see WriteCellsGeoJSONWith for another count).
func (s *Surface) WriteCellsGeoJSON(w io.Writer) error {
	return s.WriteCellsGeoJSONWith(w, nil)
}

// WriteCellsGeoJSONWith writes the cells as WriteCellsGeoJSON does,
// formatted on opts.Workers goroutines; the bytes are the same for every
// count.
func (s *Surface) WriteCellsGeoJSONWith(w io.Writer, opts *GeoJSONOptions) error {
	var o GeoJSONOptions
	if opts != nil {
		o = *opts
	}
	if s.Projection == nil {
		return ErrSource
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	if _, err := bw.WriteString(`{"type":"FeatureCollection","features":[` + "\n"); err != nil {
		return err
	}
	ids := make([][]byte, len(s.Hazards))
	for h := range s.Hazards {
		ids[h] = jsonString(s.Hazards[h].ID)
	}
	names := make([][]byte, len(s.FactorNames))
	for f, n := range s.FactorNames {
		names[f] = jsonString(n)
	}
	size := s.Grid.Size()
	mix := s.Model.Kind == Mixture
	ff := floatFormat(o.Exact)
	appendJSONFloat := func(b []byte, v float64) []byte { return appendJSONFloatWith(ff, b, v) }
	err := writeRows(bw, len(s.Cells), o.Workers, rowBlock, func(b []byte, lo, hi int) []byte {
		var ring [5]geo.LonLat
		for k := lo; k < hi; k++ {
			c := &s.Cells[k]
			x0, y0 := float64(c.I)*size, float64(c.J)*size
			x1, y1 := float64(c.I+1)*size, float64(c.J+1)*size
			if k > 0 {
				b = append(b, ",\n"...)
			}
			b = append(b, `{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[`...)
			// Corners SW, SE, NE, NW; a cell's west corners are its west
			// neighbour's east ones when that neighbour came just before.
			if k > lo && s.Cells[k-1].J == c.J && s.Cells[k-1].I == c.I-1 {
				ring[0], ring[3] = ring[1], ring[2]
			} else {
				ring[0] = s.Projection.Inverse(geo.XY{X: x0, Y: y0})
				ring[3] = s.Projection.Inverse(geo.XY{X: x0, Y: y1})
			}
			ring[1] = s.Projection.Inverse(geo.XY{X: x1, Y: y0})
			ring[2] = s.Projection.Inverse(geo.XY{X: x1, Y: y1})
			ring[4] = ring[0]
			for q, ll := range ring {
				if q > 0 {
					b = append(b, ',')
				}
				b = append(b, '[')
				b = appendJSONFloat(b, ll.Lon)
				b = append(b, ',')
				b = appendJSONFloat(b, ll.Lat)
				b = append(b, ']')
			}
			b = append(b, `]]},"properties":{"i":`...)
			b = strconv.AppendInt(b, int64(c.I), 10)
			b = append(b, `,"j":`...)
			b = strconv.AppendInt(b, int64(c.J), 10)
			b = append(b, `,"area_m2":`...)
			b = appendJSONFloat(b, c.AreaM2)
			b = append(b, `,"density":`...)
			b = appendJSONFloat(b, c.Density)
			if mix {
				b = append(b, `,"likelihood":`...)
				b = appendJSONFloat(b, c.Likelihood)
			}
			for _, f := range [...]struct {
				name string
				v    float64
			}{{`,"village_m":`, c.VillageM}, {`,"proximity":`, c.Proximity}, {`,"risk":`, c.Risk}} {
				b = append(b, f.name...)
				b = appendJSONFloat(b, f.v)
			}
			for f, v := range s.Extra(k) {
				b = append(b, ',')
				b = append(b, names[f]...)
				b = append(b, ':')
				b = appendJSONFloat(b, v)
			}
			b = append(b, `,"hazards":[`...)
			for q, h := range s.CellHazards(k) {
				if q > 0 {
					b = append(b, ',')
				}
				b = append(b, ids[h]...)
			}
			b = append(b, "]}}"...)
		}
		return b
	})
	if err != nil {
		return err
	}
	if _, err := bw.WriteString("\n]}\n"); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteHazardsGeoJSON writes the per-hazard aggregates as a GeoJSON
// FeatureCollection, one feature per hazard in index order, with the
// hazard's WGS84 geometry from the source dataset (a MultiPolygon) and
// properties id, kind ("SHA", "CHA"), status ("open", "worked on",
// "closed", or "" when not recorded: geo's spelling), area_m2, ground_m2, risk_mass, mean_risk
// (per ha), peak_risk, cells, cells_above; floats (coordinates too) as
// WriteCSV writes them. It returns ErrSource if the
// surface's source dataset is missing or not aligned with the hazards. Cost
// O(hazards + vertices).
func (s *Surface) WriteHazardsGeoJSON(w io.Writer) error {
	src := s.src.Source
	if src == nil || len(src.Hazards) != len(s.Hazards) {
		return ErrSource
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	b := []byte(`{"type":"FeatureCollection","features":[` + "\n")
	for h := range s.Hazards {
		hs := &s.Hazards[h]
		hz := &src.Hazards[h]
		if h > 0 {
			b = append(b, ",\n"...)
		}
		b = append(b, `{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[`...)
		for pi, poly := range hz.Geometry {
			if pi > 0 {
				b = append(b, ',')
			}
			b = append(b, '[')
			for ri, ring := range poly {
				if ri > 0 {
					b = append(b, ',')
				}
				b = append(b, '[')
				for q, pt := range ring {
					if q > 0 {
						b = append(b, ',')
					}
					b = append(b, '[')
					b = appendJSONFloat(b, pt[0])
					b = append(b, ',')
					b = appendJSONFloat(b, pt[1])
					b = append(b, ']')
				}
				b = append(b, ']')
			}
			b = append(b, ']')
		}
		b = append(b, `]},"properties":{"id":`...)
		b = append(b, jsonString(hs.ID)...)
		b = append(b, `,"kind":`...)
		b = append(b, jsonString(hz.Kind.String())...)
		b = append(b, `,"status":`...)
		b = append(b, jsonString(text.Status(hz.Status))...)
		for _, f := range [...]struct {
			name string
			v    float64
		}{{`,"area_m2":`, hs.AreaM2}, {`,"ground_m2":`, hs.GroundM2}, {`,"risk_mass":`, hs.RiskMass},
			{`,"mean_risk":`, hs.MeanRisk}, {`,"peak_risk":`, hs.PeakRisk}} {
			b = append(b, f.name...)
			b = appendJSONFloat(b, f.v)
		}
		b = append(b, `,"cells":`...)
		b = strconv.AppendInt(b, int64(hs.Cells), 10)
		b = append(b, `,"cells_above":`...)
		b = strconv.AppendInt(b, int64(hs.CellsAbove), 10)
		b = append(b, "}}"...)
		if len(b) > 1<<16 {
			if _, err := bw.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	b = append(b, "\n]}\n"...)
	if _, err := bw.Write(b); err != nil {
		return err
	}
	return bw.Flush()
}
