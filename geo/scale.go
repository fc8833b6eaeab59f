package geo

import "math"

// scaleLatticeM is the spacing, in projected metres, of the lattice from
// which cell scale factors are interpolated. The scale factor of a
// transverse Mercator projection is smooth: its second derivative is about
// k0/R² ≈ 2.5e-14 per m², so bilinear interpolation over 500 m errs by at
// most about 500²/8 · 2.5e-14 ≈ 8e-10 relative (TestScaleFieldAccuracy
// measures it).
const scaleLatticeM = 500

// scaleField gives the point scale factor of a projection at cell centres,
// interpolated bilinearly from the exact factor at the nodes of a lattice
// of scaleLatticeM spacing, so that a million cells need a few thousand
// exact evaluations instead of a million. It keeps the two lattice rows
// around the last point asked for, so points taken row by row (cells sorted
// by J then I) cost a few slice reads each. Grids coarser than the lattice
// are evaluated exactly. A scaleField is used by one goroutine.
type scaleField struct {
	p      Projection
	exact  bool
	lo, hi nodeRow // lattice rows b and b+1
}

// nodeRow caches the exact scale factor at lattice nodes (a, b) for a range
// of a; NaN marks a node not yet evaluated.
type nodeRow struct {
	b  int64
	a0 int64
	v  []float64
}

func newScaleField(p Projection, g Grid) *scaleField {
	return &scaleField{p: p, exact: g.Size() >= scaleLatticeM, lo: nodeRow{b: math.MinInt64}, hi: nodeRow{b: math.MinInt64}}
}

func (r *nodeRow) reset(b int64) {
	r.b, r.a0, r.v = b, 0, r.v[:0]
}

func (r *nodeRow) get(p Projection, a int64) float64 {
	if len(r.v) == 0 {
		r.a0 = a
	}
	if a < r.a0 {
		grow := max(int(r.a0-a), len(r.v)) // doubling keeps a leftward walk linear
		r.v = append(r.v, make([]float64, grow)...)
		copy(r.v[grow:], r.v)
		for i := range grow {
			r.v[i] = math.NaN()
		}
		r.a0 -= int64(grow)
	}
	for int(a-r.a0) >= len(r.v) {
		r.v = append(r.v, math.NaN())
	}
	k := r.v[a-r.a0]
	if math.IsNaN(k) {
		k = p.ScaleXY(XY{float64(a) * scaleLatticeM, float64(r.b) * scaleLatticeM})
		r.v[a-r.a0] = k
	}
	return k
}

// at returns the scale factor at p.
func (f *scaleField) at(p XY) float64 {
	if f.exact {
		return f.p.ScaleXY(p)
	}
	fa, fb := math.Floor(p.X/scaleLatticeM), math.Floor(p.Y/scaleLatticeM)
	a, b := int64(fa), int64(fb)
	if b != f.lo.b {
		if b == f.hi.b {
			f.lo, f.hi = f.hi, f.lo // moved up one band: the old top row is the new bottom
			f.hi.reset(b + 1)
		} else if b+1 == f.lo.b {
			f.lo, f.hi = f.hi, f.lo // moved down one band
			f.lo.reset(b)
		} else {
			f.lo.reset(b)
			f.hi.reset(b + 1)
		}
	}
	u, v := p.X/scaleLatticeM-fa, p.Y/scaleLatticeM-fb
	k00, k10 := f.lo.get(f.p, a), f.lo.get(f.p, a+1)
	k01, k11 := f.hi.get(f.p, a), f.hi.get(f.p, a+1)
	return (1-v)*((1-u)*k00+u*k10) + v*((1-u)*k01+u*k11)
}
