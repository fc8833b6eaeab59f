package risk

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"iter"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/landrelease/clearance/geo"
)

// ScoreOptions sets how Score runs. A nil *ScoreOptions means defaults.
type ScoreOptions struct {
	// Grid is the grid scored; the zero value is the hectare grid.
	Grid geo.Grid
	// UseArea, if true, scores the cells of the projected area of interest
	// (Projected.Area) instead of the hazards: area_m2 is then the area of
	// interest within the cell, and each cell still lists the hazards
	// touching it. Score returns ErrNoArea if there is no area of interest.
	UseArea bool
	// Workers is the number of goroutines; 0 means GOMAXPROCS. The result is
	// the same for every count.
	Workers int
	// Threshold is the cell risk above which a cell counts in
	// HazardScore.CellsAbove; default 0 (any positive risk).
	Threshold float64
	// Progress, if set, is called now and then with the steps done and the
	// total, from one goroutine at a time; done grows to total. Steps are
	// abstract: the pair says how far along the run is.
	Progress func(done, total int)
	// MaxCells refuses a run whose hazards (or area of interest) are
	// estimated to cover more cells than this (see DefaultMaxCells), with
	// an error wrapping geo.ErrTooManyCells (a *geo.CellLimitError giving
	// the estimate, the memory it would take and the limit), before any
	// large allocation. Zero means DefaultMaxCells; negative means no
	// limit.
	MaxCells int
}

// Cell is one scored cell of a [Surface].
type Cell struct {
	// I, J locate the cell on the grid (see geo.Grid).
	I, J int
	// Centre is the cell centre in projected metres.
	Centre geo.XY
	// AreaM2 is the scored area in the cell in grid m² (the union of the
	// hazards, or the area of interest with UseArea); GroundM2 is it on the
	// ground, corrected by the projection's scale factor.
	AreaM2, GroundM2 float64
	// Density is the incident density at the centre (see the package doc).
	Density float64
	// Likelihood is the Mixture model's expected incidents per km² per
	// year at the centre (see the package doc); 0 for KDE.
	Likelihood float64
	// VillageM is the distance in metres from the centre to the nearest
	// settlement; +Inf if there are none.
	VillageM float64
	// Proximity is the settlement factor (see the package doc).
	Proximity float64
	// Risk is the combined risk of the cell.
	Risk float64
}

// HazardScore aggregates a surface over one hazard. A cell's risk is shared
// among the hazards touching it in proportion to each hazard's own area in
// the cell (own_h / Σ own), so over the hazard-scored surface the masses of
// all hazards sum to the total risk. With UseArea only the hazard-covered
// share of a cell's risk, min(1, U/A) with U the hazards' union area and A the
// scored area in the cell, is shared out.
type HazardScore struct {
	// ID is the hazard's id from Projected.Source ("" without a source).
	ID string
	// AreaM2 and GroundM2 are the hazard's own area (not the union with
	// others), grid and ground m², over all of its cells.
	AreaM2, GroundM2 float64
	// RiskMass is the hazard's share of risk, summed over its scored cells.
	RiskMass float64
	// MeanRisk is RiskMass per hectare of the hazard's area in the scored
	// cells; 0 if it has none.
	MeanRisk float64
	// PeakRisk is the largest Risk of a scored cell the hazard touches.
	PeakRisk float64
	// Cells counts the scored cells the hazard touches; CellsAbove those of
	// them whose Risk exceeds ScoreOptions.Threshold.
	Cells, CellsAbove int
}

// Surface is a scored grid: every cell of the scored area, sorted by J then
// I, with every factor kept, and per-hazard aggregates. A Surface is not
// changed by its methods and may be read by several goroutines.
type Surface struct {
	Grid       geo.Grid
	Projection geo.Projection
	// Model is the model that scored the surface.
	Model Model
	// UseArea says whether the area of interest was scored.
	UseArea bool
	// Threshold is ScoreOptions.Threshold.
	Threshold float64
	// FactorNames names the extra factor columns, in the order of
	// Model.Lines (each gives name+"_m" then name) then Model.Polygons.
	FactorNames []string
	// Cells are the scored cells sorted by J then I; LonLat gives a
	// cell's centre in WGS84.
	Cells []Cell
	// Hazards is index-aligned with Projected.Hazards.
	Hazards []HazardScore

	src       *geo.Projected
	weights   []float64 // incident weights
	params    params
	comb      []int     // columns of extra that enter the combination
	extra     []float64 // len(Cells)·len(FactorNames)
	lay       *layout
	hazCell   []int32   // scored cell -> hazard coverage cell; nil if identical
	hazU      []float64 // hazard union area per hazard coverage cell, grid m²
	hazG      []float64 // same, ground m²
	hazLay    *layout   // layout of the hazard coverage; nil if identical
	memFirst  []int32   // members of hazard coverage cell c: mem[memFirst[c]:memFirst[c+1]]
	mem       []int32
	memArea   []float64 // own area of each member in its cell, grid m²
	combMaxes []float64 // WeightedSum maxima: density, proximity, comb...
	village   []int32   // per cell, the nearest settlement's index (-1: none); see NearestSettlement
	scratch   bandScratch
}

// Extra returns the extra factor values of cell k, aligned with
// FactorNames. The slice is shared: do not modify it. It panics if k is out
// of range.
func (s *Surface) Extra(k int) []float64 {
	n := len(s.FactorNames)
	_ = s.Cells[k]
	return s.extra[k*n : (k+1)*n : (k+1)*n]
}

// LonLat returns the WGS84 position of the centre of cell k, by
// Projection.Inverse (NaN if the surface has no projection). It is computed
// on each call, not stored: its cost is one inverse projection (about half
// a microsecond for UTM). It panics if k is out of range.
func (s *Surface) LonLat(k int) geo.LonLat {
	c := &s.Cells[k]
	if s.Projection == nil {
		return geo.LonLat{Lon: math.NaN(), Lat: math.NaN()}
	}
	return s.Projection.Inverse(c.Centre)
}

// Factor returns the value of the factor called name at cell k ("density",
// "village_m", "proximity" or an extra factor) and whether it exists.
func (s *Surface) Factor(k int, name string) (float64, bool) {
	c := &s.Cells[k]
	return Factors{Density: c.Density, VillageM: c.VillageM, Proximity: c.Proximity,
		Names: s.FactorNames, Values: s.Extra(k)}.Value(name)
}

// CellHazards returns the indexes into Projected.Hazards, ascending, of the
// hazards with a positive area in cell k. The slice is shared: do not
// modify it. It panics if k is out of range.
func (s *Surface) CellHazards(k int) []int32 {
	c := s.hazardCell(k)
	if c < 0 {
		return nil
	}
	return s.mem[s.memFirst[c]:s.memFirst[c+1]:s.memFirst[c+1]]
}

// CellHazardAreas returns each hazard's own area in cell k, grid m²,
// aligned with CellHazards(k): a hazard's whole area in the cell, even the
// part another hazard overlaps (with UseArea, even a part outside the area
// of interest). The slice is shared: do not modify it. It panics if k is
// out of range.
func (s *Surface) CellHazardAreas(k int) []float64 {
	c := s.hazardCell(k)
	if c < 0 {
		return nil
	}
	return s.memArea[s.memFirst[c]:s.memFirst[c+1]:s.memFirst[c+1]]
}

// Projected returns the projected dataset the surface was scored from (for
// Backtest's surface, with the earlier incidents only). Do not modify it.
func (s *Surface) Projected() *geo.Projected { return s.src }

func (s *Surface) hazardCell(k int) int {
	_ = s.Cells[k]
	if s.hazCell == nil {
		return k
	}
	return int(s.hazCell[k])
}

// Find returns the index of cell (i, j), or -1 if it is not scored. Cost
// O(log cells in the row).
func (s *Surface) Find(i, j int) int { return s.lay.find(i, j) }

// All iterates over the cells in J-then-I order, yielding each index and a
// pointer into Cells.
func (s *Surface) All() iter.Seq2[int, *Cell] {
	return func(yield func(int, *Cell) bool) {
		for k := range s.Cells {
			if !yield(k, &s.Cells[k]) {
				return
			}
		}
	}
}

// Total returns the scored area in grid m² and the total risk, summed in
// cell order.
func (s *Surface) Total() (areaM2, risk float64) {
	for k := range s.Cells {
		areaM2 += s.Cells[k].AreaM2
		risk += s.Cells[k].Risk
	}
	return areaM2, risk
}

// Top returns the indexes of the k riskiest cells, by Risk descending, ties
// (and NaN, ranked last) by index, which is J then I. k larger than the
// number of cells returns them all. Cost O(n log k).
func (s *Surface) Top(k int) []int {
	return topK(len(s.Cells), k, func(a int) float64 { return s.Cells[a].Risk })
}

// TopHazards returns the indexes into Hazards of the k hazards with the
// largest RiskMass, ties by index. Cost O(n log k).
func (s *Surface) TopHazards(k int) []int {
	return topK(len(s.Hazards), k, func(a int) float64 { return s.Hazards[a].RiskMass })
}

// rankLess reports whether a ranks before b: larger value first, NaN last,
// ties by index.
func rankLess(va, vb float64, a, b int) bool {
	na, nb := math.IsNaN(va), math.IsNaN(vb)
	switch {
	case na != nb:
		return nb
	case !na && va != vb:
		return va > vb
	}
	return a < b
}

type topHeap struct {
	idx []int
	val func(int) float64
}

// The heap's root is the worst of the kept items.
func (h *topHeap) Len() int { return len(h.idx) }
func (h *topHeap) Less(a, b int) bool {
	x, y := h.idx[a], h.idx[b]
	return rankLess(h.val(y), h.val(x), y, x)
}
func (h *topHeap) Swap(a, b int) { h.idx[a], h.idx[b] = h.idx[b], h.idx[a] }
func (h *topHeap) Push(x any)    { h.idx = append(h.idx, x.(int)) }
func (h *topHeap) Pop() any {
	x := h.idx[len(h.idx)-1]
	h.idx = h.idx[:len(h.idx)-1]
	return x
}

func topK(n, k int, val func(int) float64) []int {
	k = min(max(k, 0), n)
	h := &topHeap{idx: make([]int, 0, k), val: val}
	for a := range n {
		if len(h.idx) < k {
			heap.Push(h, a)
			continue
		}
		if k > 0 && rankLess(val(a), val(h.idx[0]), a, h.idx[0]) {
			h.idx[0] = a
			heap.Fix(h, 0)
		}
	}
	out := h.idx
	slices.SortFunc(out, func(a, b int) int {
		if rankLess(val(a), val(b), a, b) {
			return -1
		}
		return 1
	})
	return out
}

// progress turns the stages of a run into one monotone step count.
type progress struct {
	mu   sync.Mutex
	f    func(done, total int)
	last int
}

const progressTotal = 1000

// at reports stage progress: the fraction done/total of the span [a, b) of
// the whole run, in thousandths.
func (p *progress) at(a, b, done, total int) {
	if p == nil || p.f == nil {
		return
	}
	v := b
	if total > 0 && done < total {
		v = a + (b-a)*done/total
	}
	p.mu.Lock()
	if v > p.last {
		p.last = v
		p.f(v, progressTotal)
	}
	p.mu.Unlock()
}

// runChunks calls work(worker, chunk) for chunks [0, n) on workers
// goroutines, stopping early (and returning ctx.Err()) once ctx is done.
func runChunks(ctx context.Context, workers, n int, work func(w, c int), done func(d int)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	workers = max(min(workers, n), 1)
	var next, finished atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				c := int(next.Add(1)) - 1
				if c >= n {
					return
				}
				work(w, c)
				if done != nil {
					done(int(finished.Add(1)))
				}
			}
		})
	}
	wg.Wait()
	return ctx.Err()
}

// Score scores every cell of the hazards' union (or, with UseArea, of the
// area of interest) on opts.Grid, as the package documentation describes.
// It returns an error wrapping ErrModel for an invalid model, ErrSource if a
// setting needs attributes p.Source does not hold, ErrNoArea, ctx.Err() if
// ctx is done first (within one chunk of work of a few thousand cells), an
// error wrapping geo.ErrNotFinite for a NaN or infinite coordinate, one
// wrapping geo.ErrTooManyCells past opts.MaxCells, or an error of
// geo.Grid.CoverUnion. Empty hazards give an empty surface.
// Cost: the coverage, plus O(incidents·(cutoff/cell)² + settlements·rows +
// cells) for the default factors; memory O(cells). It panics if p is nil.
func (m *Model) Score(ctx context.Context, p *geo.Projected, opts *ScoreOptions) (*Surface, error) {
	if p == nil {
		panic("risk: Score of a nil *geo.Projected")
	}
	run, err := m.newScoreRun(ctx, p, opts)
	if err != nil {
		return nil, err
	}
	covH, cov, err := run.cover(ctx, p)
	if err != nil {
		return nil, err
	}
	s := m.newSurface(p, run, covH, cov)
	if err := s.polygonFactors(ctx, m.Polygons, len(m.Lines)*2); err != nil {
		return nil, err
	}
	if err := s.scoreFactors(ctx, run, cov); err != nil {
		return nil, err
	}
	if err := s.combineFactors(ctx, run); err != nil {
		return nil, err
	}
	s.aggregate()
	run.pr.at(950, 1000, 1, 1)
	return s, nil
}

// scoreRun is what Score settles before any cell is scored: the options,
// the incident weights, the parameters with their defaults, the
// settlements' populations (nil unless the model is population-weighted),
// the worker count and the progress reporter.
type scoreRun struct {
	o       ScoreOptions
	weights []float64
	prm     params
	pops    []float64
	workers int
	pr      *progress
	mix     *mixRun // nil for KDE
}

// newScoreRun checks the model, ctx, the source attributes the model needs
// and the area of interest, in that order, and settles the run.
func (m *Model) newScoreRun(ctx context.Context, p *geo.Projected, opts *ScoreOptions) (*scoreRun, error) {
	r := &scoreRun{}
	if opts != nil {
		r.o = *opts
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var err error
	if r.weights, err = m.incidentWeights(p); err != nil {
		return nil, err
	}
	r.prm = m.params()
	if m.Kind == Mixture {
		r.mix = newMixRun(m, p, r.weights, r.prm)
	}
	if m.PopulationWeighted {
		if r.pops, err = populations(p, r.prm.popUnknown); err != nil {
			return nil, err
		}
	}
	if r.o.UseArea && len(p.Area) == 0 {
		return nil, ErrNoArea
	}
	if err := checkInput(p, &r.o); err != nil {
		return nil, err
	}
	r.workers = r.o.Workers
	if r.workers <= 0 {
		r.workers = runtime.GOMAXPROCS(0)
	}
	r.pr = &progress{f: r.o.Progress}
	if r.mix != nil {
		// The long kernel's lattice tables depend only on the incidents and
		// the grid: built beside the coverage, which is mostly serial, they
		// are ready (or nearly) when the first chunk needs them.
		r.mix.box = coverBox(p, r.o.UseArea)
		r.mix.workers = r.workers
		go r.mix.lattice(r.o.Grid.Size())
	}
	return r, nil
}

// coverBox returns the bounding box (min X, min Y, max X, max Y) of the
// polygons whose coverage gives the cells: the hazards, and the area of
// interest if useArea. Its mins are +Inf and maxes −Inf if there are none.
func coverBox(p *geo.Projected, useArea bool) [4]float64 {
	b := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	add := func(mp geo.MultiPolygonXY) {
		for _, poly := range mp {
			for _, ring := range poly {
				for _, q := range ring {
					b[0], b[1] = min(b[0], q.X), min(b[1], q.Y)
					b[2], b[3] = max(b[2], q.X), max(b[3], q.Y)
				}
			}
		}
	}
	for _, mp := range p.Hazards {
		add(mp)
	}
	if useArea {
		add(p.Area)
	}
	return b
}

// populations returns the settlements' populations, unknown (negative) ones
// replaced by unknown, or ErrSource if p.Source does not hold them aligned.
func populations(p *geo.Projected, unknown float64) ([]float64, error) {
	if p.Source == nil || len(p.Source.Settlements) != len(p.Settlements) {
		return nil, ErrSource
	}
	pops := make([]float64, len(p.Settlements))
	for k, st := range p.Source.Settlements {
		pops[k] = float64(st.Population)
		if st.Population < 0 {
			pops[k] = unknown
		}
	}
	return pops, nil
}

// cover returns the grid coverage of the hazards' union and the coverage
// scored: the same one, or with UseArea the area of interest's.
func (r *scoreRun) cover(ctx context.Context, p *geo.Projected) (covH, cov *geo.Coverage, err error) {
	covOpts := &geo.CoverOptions{Workers: r.workers, Projection: p.Projection,
		Progress: func(d, t int) { r.pr.at(0, 300, d, t) }}
	covH, err = r.o.Grid.CoverUnion(ctx, p.Hazards, covOpts)
	if err != nil {
		return nil, nil, fmt.Errorf("risk: covering hazards: %w", err)
	}
	cov = covH
	if r.o.UseArea {
		covOpts.Progress = func(d, t int) { r.pr.at(300, 400, d, t) }
		cov, err = r.o.Grid.CoverUnion(ctx, []geo.MultiPolygonXY{p.Area}, covOpts)
		if err != nil {
			return nil, nil, fmt.Errorf("risk: covering the area of interest: %w", err)
		}
	}
	r.pr.at(0, 400, 1, 1)
	return covH, cov, nil
}

// newSurface returns the surface of cov's cells, not yet scored: its
// layout, the hazards' membership of the cells, and the extra factor
// columns, named and zeroed.
func (m *Model) newSurface(p *geo.Projected, r *scoreRun, covH, cov *geo.Coverage) *Surface {
	return m.newSurfaceIn(nil, p, r, covH, cov)
}

// newSurfaceIn is newSurface, in old's memory if old is not nil: a band
// surface its writer is done with (old is then the surface returned,
// every field reset).
func (m *Model) newSurfaceIn(old *Surface, p *geo.Projected, r *scoreRun, covH, cov *geo.Coverage) *Surface {
	s := &Surface{}
	if old != nil {
		s = old
	}
	*s = Surface{Grid: r.o.Grid, Projection: p.Projection, Model: *m, UseArea: r.o.UseArea,
		Threshold: r.o.Threshold, src: p, weights: r.weights, params: r.prm,
		Cells: s.Cells[:0], FactorNames: s.FactorNames[:0], comb: s.comb[:0], extra: s.extra,
		lay: s.lay, memFirst: s.memFirst, mem: s.mem, memArea: s.memArea, hazU: s.hazU, hazG: s.hazG,
		village: s.village, scratch: s.scratch}
	n := len(cov.Cells)
	s.lay = newLayoutIn(s.lay, r.o.Grid.Size(), n, func(k int) (int, int) { return cov.Cells[k].I, cov.Cells[k].J })
	s.membership(covH, cov)
	for _, l := range m.Lines {
		s.FactorNames = append(s.FactorNames, l.Name+"_m", l.Name)
		s.comb = append(s.comb, len(s.FactorNames)-1)
	}
	for _, l := range m.Polygons {
		s.FactorNames = append(s.FactorNames, l.Name)
		s.comb = append(s.comb, len(s.FactorNames)-1)
	}
	s.extra = reuse(s.extra, n*len(s.FactorNames))
	return s
}

// scoreFactors fills the cells from cov, chunk by chunk: position and
// areas, incident density, distance to the nearest settlement, proximity,
// and the line layers' distances and factors.
func (s *Surface) scoreFactors(ctx context.Context, r *scoreRun, cov *geo.Coverage) error {
	p, w, prm, pops := s.src, r.weights, r.prm, r.pops
	lines := s.Model.Lines
	size := s.Grid.Size()
	n := len(cov.Cells)
	nf := len(s.FactorNames)
	segs := make([]*segIndex, len(lines))
	for i, l := range lines {
		segs[i] = newSegIndex(l.Lines)
	}
	s.Cells = reuse(s.Cells, n)
	bs := &s.scratch
	bs.dens, bs.vill = reuse(bs.dens, n), reuse(bs.vill, n)
	dens, vill := bs.dens, bs.vill
	s.village = reuse(s.village, n)
	var prox []float64
	if pops != nil {
		bs.prox = reuse(bs.prox, n)
		prox = bs.prox
	}
	vn := newNearest(p.Settlements)
	var nearI []float64
	var lt *latticeTabs
	if r.mix != nil {
		bs.nearI = reuse(bs.nearI, n)
		nearI = bs.nearI
		lt = r.mix.lattice(size)
	}
	type scratch struct {
		tab []float64
		env envBuf
		lat latticeBuf
		pts []geo.XY
	}
	scr := make([]scratch, r.workers)
	nch := len(s.lay.chunks) - 1
	return runChunks(ctx, r.workers, nch, func(wk, c int) {
		r0, r1 := int(s.lay.chunks[c]), int(s.lay.chunks[c+1])
		lo, hi := int(s.lay.rowOff[r0]), int(s.lay.rowOff[r1])
		sc := &scr[wk]
		if mx := r.mix; mx != nil {
			sc.tab = s.lay.addDensity(dens, r0, r1, p.Incidents, mx.wS, prm.hS, MixtureCutoffBandwidths*prm.hS, sc.tab)
			if lt != nil {
				sc.lat = s.lay.addLattice(dens, r0, r1, p.Incidents, lt, sc.lat)
			} else {
				sc.tab = s.lay.addDensity(dens, r0, r1, p.Incidents, mx.wL, prm.hL, MixtureCutoffBandwidths*prm.hL, sc.tab)
			}
			// The nearest incident within farM of each cell: only the
			// incidents within farM of the chunk's rows can be it.
			_, y0 := centre(size, 0, r0+s.lay.j0)
			_, y1 := centre(size, 0, r1-1+s.lay.j0)
			sc.pts = mx.nearPoints(y0, y1, sc.pts)
			newNearest(sc.pts).rows(s.lay, r0, r1, nearI, nil, &sc.env)
		} else {
			sc.tab = s.lay.addDensity(dens, r0, r1, p.Incidents, w, prm.h, prm.cutoff, sc.tab)
		}
		vn.rows(s.lay, r0, r1, vill, s.village, &sc.env)
		if pops != nil {
			s.lay.addPopulation(prox, r0, r1, p.Settlements, pops, prm.lambda, PopulationRadiusScales*prm.lambda)
		}
		for k := lo; k < hi; k++ {
			cc := &cov.Cells[k]
			c := &s.Cells[k]
			c.I, c.J = cc.I, cc.J
			x, y := centre(size, cc.I, cc.J)
			c.Centre = geo.XY{X: x, Y: y}
			c.AreaM2, c.GroundM2 = cc.AreaM2, cc.GroundM2
			c.Density = dens[k]
			if r.mix != nil {
				c.Density, c.Likelihood = r.mix.cell(c.Centre, dens[k], nearI[k])
			}
			c.VillageM = vill[k]
			if pops != nil {
				c.Proximity = prox[k]
			} else {
				c.Proximity = math.Exp(-vill[k] / prm.lambda)
			}
			ex := s.extra[k*nf : (k+1)*nf]
			for i, ix := range segs {
				d := ix.nearest(c.Centre)
				ex[2*i] = d
				ex[2*i+1] = math.Exp(-d / lineScale(lines[i]))
			}
		}
	}, func(d int) { r.pr.at(400, 850, d, nch) })
}

// combineFactors sets every cell's risk from its factors and area (with
// WeightedSum, after finding the factors' maxima).
func (s *Surface) combineFactors(ctx context.Context, r *scoreRun) error {
	if s.Model.Func == nil && s.Model.Combination == WeightedSum {
		s.maxima()
	}
	nch := len(s.lay.chunks) - 1
	return runChunks(ctx, r.workers, nch, func(_, c int) {
		lo, hi := int(s.lay.rowOff[s.lay.chunks[c]]), int(s.lay.rowOff[s.lay.chunks[c+1]])
		scale := s.areaScale()
		for k := lo; k < hi; k++ {
			s.Cells[k].Risk = s.combine(k) * s.Cells[k].AreaM2 / scale
		}
	}, func(d int) { r.pr.at(850, 950, d, nch) })
}

func lineScale(l LineLayer) float64 {
	if l.ScaleM == 0 {
		return DefaultLineScaleM
	}
	return l.ScaleM
}

// areaScale is the area, in m², that a cell's combined factors are per:
// a hectare for KDE, a km² for Mixture.
func (s *Surface) areaScale() float64 {
	if s.Model.Kind == Mixture {
		return 1e6
	}
	return 1e4
}

// exposure is the Mixture model's exposure for a proximity.
func exposure(proximity float64) float64 {
	return ExposureFloor + (1-ExposureFloor)*proximity
}

// maxima computes the WeightedSum normalisers over the scored cells.
func (s *Surface) maxima() {
	s.combMaxes = make([]float64, 2+len(s.comb))
	nf := len(s.FactorNames)
	for k := range s.Cells {
		s.combMaxes[0] = max(s.combMaxes[0], s.term(k, 0))
		s.combMaxes[1] = max(s.combMaxes[1], s.term(k, 1))
		for i, col := range s.comb {
			s.combMaxes[2+i] = max(s.combMaxes[2+i], s.extra[k*nf+col])
		}
	}
}

// terms returns the names of the combined factors, in order.
func (s *Surface) terms() []string {
	out := []string{FactorDensity, FactorProximity}
	if s.Model.Kind == Mixture {
		out = []string{FactorLikelihood, FactorExposure}
	}
	for _, col := range s.comb {
		out = append(out, s.FactorNames[col])
	}
	return out
}

// term returns factor t's value at cell k, t indexing terms().
func (s *Surface) term(k, t int) float64 {
	mix := s.Model.Kind == Mixture
	switch {
	case t == 0 && mix:
		return s.Cells[k].Likelihood
	case t == 1 && mix:
		return exposure(s.Cells[k].Proximity)
	case t == 0:
		return s.Cells[k].Density
	case t == 1:
		return s.Cells[k].Proximity
	}
	return s.extra[k*len(s.FactorNames)+s.comb[t-2]]
}

// contribution returns factor t's term in the combination at cell k: the
// multiplier for Product, w·value/max for WeightedSum, NaN for a Func.
func (s *Surface) contribution(k, t int) float64 {
	m := &s.Model
	switch {
	case m.Func != nil:
		return math.NaN()
	case m.Combination == WeightedSum:
		mx := s.combMaxes[t]
		if !(mx > 0) || math.IsInf(mx, 0) {
			return 0
		}
		wt, ok := m.Weights[s.terms()[t]]
		if !ok {
			wt = 1
		}
		return wt * s.term(k, t) / mx
	}
	return s.term(k, t)
}

// combine returns the risk per hectare of cell k.
func (s *Surface) combine(k int) float64 {
	m := &s.Model
	c := &s.Cells[k]
	if m.Func != nil {
		f := Factors{Density: c.Density, VillageM: c.VillageM, Proximity: c.Proximity,
			AreaM2: c.AreaM2, GroundM2: c.GroundM2, Names: s.FactorNames, Values: s.Extra(k)}
		if m.Kind == Mixture {
			f.Likelihood, f.Exposure = c.Likelihood, exposure(c.Proximity)
		}
		return m.Func(f)
	}
	nf := len(s.FactorNames)
	if m.Combination == WeightedSum {
		var sum float64
		for t := range 2 + len(s.comb) {
			mx := s.combMaxes[t]
			if !(mx > 0) || math.IsInf(mx, 0) {
				continue
			}
			wt := 1.0
			if m.Weights != nil {
				if v, ok := m.Weights[s.terms()[t]]; ok {
					wt = v
				}
			}
			sum += wt * s.term(k, t) / mx
		}
		return sum
	}
	v := c.Density * c.Proximity
	if m.Kind == Mixture {
		v = c.Likelihood * exposure(c.Proximity)
	}
	for _, col := range s.comb {
		v *= s.extra[k*nf+col]
	}
	return v
}

// membership records, for every hazard-coverage cell, its hazards, and maps
// scored cells to hazard-coverage cells when they differ.
func (s *Surface) membership(covH, cov *geo.Coverage) {
	nh := len(covH.Cells)
	s.memFirst = reuse(s.memFirst, nh+1)
	for c := range nh {
		s.memFirst[c+1] = s.memFirst[c] + int32(len(covH.Members(c)))
	}
	s.mem = reuse(s.mem, int(s.memFirst[nh]))
	s.memArea = reuse(s.memArea, len(s.mem))
	for c := range nh {
		copy(s.mem[s.memFirst[c]:], covH.Members(c))
		copy(s.memArea[s.memFirst[c]:], covH.MemberAreas(c))
	}
	s.hazU = reuse(s.hazU, nh)
	s.hazG = reuse(s.hazG, nh)
	for c := range nh {
		s.hazU[c] = covH.Cells[c].AreaM2
		s.hazG[c] = covH.Cells[c].GroundM2
	}
	if cov == covH {
		return
	}
	s.hazLay = newLayout(s.lay.s, nh, func(c int) (int, int) { return covH.Cells[c].I, covH.Cells[c].J })
	s.hazCell = make([]int32, len(cov.Cells))
	q := 0
	for k := range cov.Cells {
		a := &cov.Cells[k]
		for q < nh && cmpCell(covH.Cells[q].I, covH.Cells[q].J, a.I, a.J) < 0 {
			q++
		}
		s.hazCell[k] = -1
		if q < nh && covH.Cells[q].I == a.I && covH.Cells[q].J == a.J {
			s.hazCell[k] = int32(q)
		}
	}
}

func cmpCell(i1, j1, i2, j2 int) int {
	if c := cmp.Compare(j1, j2); c != 0 {
		return c
	}
	return cmp.Compare(i1, i2)
}

// aggregate fills Hazards from each hazard's own area in its cells
// (geo.Coverage.MemberAreas).
func (s *Surface) aggregate() {
	s.Hazards = newHazardScores(s.src)
	scored := make([]float64, len(s.Hazards))
	s.accumulate(s.Hazards, scored)
	finishHazards(s.Hazards, scored)
}

// newHazardScores returns a zero HazardScore per hazard of p, with its id
// from the source if it holds the hazards aligned.
func newHazardScores(p *geo.Projected) []HazardScore {
	hs := make([]HazardScore, len(p.Hazards))
	if p.Source != nil && len(p.Source.Hazards) == len(p.Hazards) {
		for h := range hs {
			hs[h].ID = p.Source.Hazards[h].ID
		}
	}
	return hs
}

// accumulate adds the surface's cells to the hazards' aggregates, in cell
// order, and each hazard's scored own area to scored[h]: adding the bands
// of a grid one after another, in order, gives the same sums as adding the
// whole surface, since every sum is per hazard and in cell order.
func (s *Surface) accumulate(hazards []HazardScore, scored []float64) {
	nh := len(s.hazU)
	for c := range nh {
		u := s.hazU[c]
		g := s.hazG[c]
		for q := s.memFirst[c]; q < s.memFirst[c+1]; q++ {
			hs := &hazards[s.mem[q]]
			hs.AreaM2 += s.memArea[q]
			if u > 0 {
				hs.GroundM2 += s.memArea[q] * g / u
			}
		}
	}
	for k := range s.Cells {
		hc := s.hazardCell(k)
		if hc < 0 {
			continue
		}
		c := &s.Cells[k]
		frac := 1.0
		if s.hazCell != nil && c.AreaM2 > 0 {
			frac = min(1, s.hazU[hc]/c.AreaM2)
		}
		a, b := s.memFirst[hc], s.memFirst[hc+1]
		var sum float64
		for q := a; q < b; q++ {
			sum += s.memArea[q]
		}
		for q := a; q < b; q++ {
			hs := &hazards[s.mem[q]]
			own := s.memArea[q]
			share := 1 / float64(b-a)
			if sum > 0 {
				share = own / sum
			}
			hs.RiskMass += c.Risk * frac * share
			if s.hazCell != nil && s.hazU[hc] > 0 {
				own *= min(1, c.AreaM2/s.hazU[hc])
			}
			scored[s.mem[q]] += own
			if hs.Cells == 0 || c.Risk > hs.PeakRisk {
				hs.PeakRisk = c.Risk
			}
			hs.Cells++
			if c.Risk > s.Threshold {
				hs.CellsAbove++
			}
		}
	}
}

// finishHazards sets each hazard's MeanRisk from its RiskMass and scored
// own area.
func finishHazards(hazards []HazardScore, scored []float64) {
	for h := range hazards {
		if scored[h] > 0 {
			hazards[h].MeanRisk = hazards[h].RiskMass / (scored[h] / 10000)
		}
	}
}

// polygonFactors fills the polygon layer columns, starting at column col0.
func (s *Surface) polygonFactors(ctx context.Context, layers []PolygonLayer, col0 int) error {
	n := s.lay.n
	if len(layers) == 0 || n == 0 {
		return nil
	}
	nf := len(s.FactorNames)
	num := make([]float64, n)
	den := make([]float64, n)
	var buf []geo.CellArea
	for li, l := range layers {
		clear(num)
		clear(den)
		for pi, poly := range l.Polygons {
			if pi%64 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			buf = s.Grid.Cover(poly, buf[:0])
			for _, ca := range buf {
				if k := s.lay.find(ca.I, ca.J); k >= 0 {
					num[k] += l.Weights[pi] * ca.AreaM2
					den[k] += ca.AreaM2
				}
			}
		}
		for k := range n {
			v := l.Outside
			if den[k] > 0 {
				v = num[k] / den[k]
			}
			s.extra[k*nf+col0+li] = v
		}
	}
	return nil
}
