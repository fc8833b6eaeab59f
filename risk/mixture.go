package risk

import (
	"math"
	"sync"

	"github.com/landrelease/clearance/geo"
)

// mixRun is what the Mixture model settles once per run: each incident's
// weight in each kernel (w_k·π_b/(2πh_b²), per m²), the calibration to
// incidents per km² per year, and, built the first time a cell lies beyond
// every incident's cut, an index of the incidents for the log-space sum
// over the nearest ones.
type mixRun struct {
	pts        []geo.XY
	wS, wL     []float64 // per-kernel weights, per m²
	lwS, lwL   []float64 // their logarithms (−Inf for a zero weight)
	invS, invL float64   // 1/(2h²)
	calib      float64   // km²·year factor: 1e6 / (τ(1 − exp(−T/τ)))
	near       float64   // nearness scale L, m; ≤ 0: off
	farM       float64   // beyond this distance to the nearest incident, the log-space sum
	any        bool      // some incident weighs more than 0
	once       sync.Once
	ix         *geo.Index
	hL         float64
	latOnce    sync.Once
	lat        *latticeTabs // nil: the long kernel is summed at every cell
	box        [4]float64   // min X, min Y, max X, max Y of the polygons cells may cover: ±Inf, the whole plane, until known
	workers    int          // goroutines building the lattice's tables
}

// lattice returns the long kernel's lattice factors for cells of size s
// (built at the first call; every band of a run has the same grid), or nil
// if the long kernel is summed at every cell.
func (mx *mixRun) lattice(s float64) *latticeTabs {
	mx.latOnce.Do(func() {
		if step := latticeStep(mx.hL, s); step > 1 {
			mx.lat = newLatticeTabs(mx.pts, mx.wL, mx.hL, MixtureCutoffBandwidths*mx.hL, s, step, mx.box, mx.workers)
		}
	})
	return mx.lat
}

func newMixRun(m *Model, p *geo.Projected, w []float64, prm params) *mixRun {
	mx := &mixRun{pts: p.Incidents, near: prm.near, farM: (MixtureCutoffBandwidths - 3) * prm.hL, hL: prm.hL,
		invS: 1 / (2 * prm.hS * prm.hS), invL: 1 / (2 * prm.hL * prm.hL),
		box: [4]float64{math.Inf(-1), math.Inf(-1), math.Inf(1), math.Inf(1)}, workers: 1}
	cS := prm.piS / (2 * math.Pi * prm.hS * prm.hS)
	cL := prm.piL / (2 * math.Pi * prm.hL * prm.hL)
	n := len(w)
	mx.wS, mx.wL = make([]float64, n), make([]float64, n)
	mx.lwS, mx.lwL = make([]float64, n), make([]float64, n)
	for k, wk := range w {
		mx.wS[k], mx.wL[k] = wk*cS, wk*cL
		mx.lwS[k], mx.lwL[k] = math.Log(mx.wS[k]), math.Log(mx.wL[k])
		if wk > 0 {
			mx.any = true
		}
	}
	t := m.historyYears(p)
	mx.calib = 1e6 / (prm.tau * -math.Expm1(-t/prm.tau))
	return mx
}

// cell returns the density (per km²) and likelihood of a cell centred at
// c whose in-cut kernel sum is d (per m²) and whose nearest incident is
// nearM away. A cell with d = 0, or whose nearest incident is beyond
// MixtureCutoffBandwidths − 3 long bandwidths (where the cut sum may miss
// terms of the size of those it holds), gets the log-space sum over its
// MixtureNearest nearest incidents.
//
// nearM is the distance to the nearest incident when it lies within farM
// of c (beyond, the caller may pass +Inf or any value over farM: the
// nearest incidents are then searched here).
func (mx *mixRun) cell(c geo.XY, d, nearM float64) (density, likelihood float64) {
	if d > 0 && nearM <= mx.farM {
		damp := 0.0 // log of the nearness factor
		if mx.near > 0 {
			damp = -nearM / mx.near
		}
		return d * 1e6, d * mx.calib * math.Exp(damp)
	}
	if !mx.any {
		return 0, 0
	}
	ld, nearM := mx.farLog(c)
	damp := 0.0
	if mx.near > 0 && !math.IsInf(nearM, 1) {
		damp = -nearM / mx.near
	}
	return math.Exp(ld + math.Log(1e6)), math.Exp(ld + math.Log(mx.calib) + damp)
}

// nearPoints returns the incidents that can be the nearest, within farM,
// to a cell centre of a row at heights [y0, y1]: those within farM of the
// band in y, in index order.
func (mx *mixRun) nearPoints(y0, y1 float64, dst []geo.XY) []geo.XY {
	dst = dst[:0]
	for _, p := range mx.pts {
		if p.Y >= y0-mx.farM && p.Y <= y1+mx.farM {
			dst = append(dst, p)
		}
	}
	return dst
}

// farLog returns the logarithm of the kernel sum (per m²) at c over the
// MixtureNearest incidents nearest to c, computed in log space
// (log-sum-exp), so that it stays finite where the sum itself underflows,
// and the distance to the nearest incident (+Inf if there is none).
func (mx *mixRun) farLog(c geo.XY) (float64, float64) {
	mx.once.Do(func() { mx.ix = geo.NewIndex(&geo.Projected{Incidents: mx.pts}) })
	nb := mx.ix.NearestIncidents(c, MixtureNearest)
	if len(nb) == 0 {
		return math.Inf(-1), math.Inf(1)
	}
	top := math.Inf(-1)
	for _, q := range nb {
		d2 := q.DistanceM * q.DistanceM
		top = max(top, mx.lwS[q.Index]-d2*mx.invS, mx.lwL[q.Index]-d2*mx.invL)
	}
	if math.IsInf(top, -1) {
		return top, nb[0].DistanceM
	}
	var sum float64
	for _, q := range nb {
		d2 := q.DistanceM * q.DistanceM
		sum += math.Exp(mx.lwS[q.Index]-d2*mx.invS-top) + math.Exp(mx.lwL[q.Index]-d2*mx.invL-top)
	}
	return top + math.Log(sum), nb[0].DistanceM
}
