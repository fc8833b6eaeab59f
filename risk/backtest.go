package risk

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/landrelease/clearance/geo"
	"gonum.org/v1/gonum/integrate"
	"gonum.org/v1/gonum/stat"
)

// BacktestFractions are the shares of the scored area at which a backtest
// measures capture: the top 1, 5, 10 and 20%.
var BacktestFractions = []float64{0.01, 0.05, 0.10, 0.20}

// Ranking is how well one ranking of the cells predicted the later
// incidents.
type Ranking struct {
	// Name is "model", "uniform" or "distance".
	Name string
	// Capture[i] is the share of all later incidents (those outside the
	// scored cells count as missed) that fall in the cells ranked in the top
	// Backtest.Fractions[i] of the scored area. Cells of equal score are
	// taken together: when the cut falls inside such a group, the group's
	// incidents count in proportion to the share of its area taken, which is
	// what a random order among them would give on average.
	Capture []float64
	// AUC is the area under the ROC curve over hectares: each cell weighs
	// its area, and is positive when it holds at least one later incident.
	// NaN if no scored cell, or every scored cell, holds one.
	AUC float64
	// CaptureLo and CaptureHi bound a 95% bootstrap interval of Capture:
	// the 2.5th and 97.5th percentiles over BootstrapRuns resamplings of
	// the later incidents with replacement (seeded: the same every run).
	// Nil when there are no later incidents.
	CaptureLo, CaptureHi []float64
	// Curve is the capture curve: the share of the later incidents in the
	// top cells against the share of the area they cover, from (0, 0),
	// ascending, at most CurvePoints+1 points (one wherever the area
	// share passes a multiple of 1/CurvePoints, and the end). Empty if
	// there are no later incidents.
	Curve []CurvePoint
}

// CurvePoint is a point of a capture curve: AreaShare of the scored area,
// ranked first, holds CaptureShare of the later incidents.
type CurvePoint struct{ AreaShare, CaptureShare float64 }

// CurvePoints is the resolution of a Ranking's capture curve.
const CurvePoints = 500

// BootstrapRuns is the number of resamplings behind a Ranking's interval.
const BootstrapRuns = 400

// Backtest says how well a model, scored with the incidents before a date,
// ranks the places of the incidents on or after it, beside two baselines
// ranked the same way: uniform (every cell equal; capture equals the share
// of area, AUC 0.5) and distance to the nearest earlier incident (nearer is
// riskier). The KDE model ranks cells by risk per hectare (Risk over
// AreaM2), since capture and AUC are measured over area: a cell only partly
// inside the scored area does not rank lower for being partial. The
// Mixture model ranks them by Likelihood, its prediction of incidents
// (exposure weighs people, not incidents).
type Backtest struct {
	Split time.Time
	// Earlier and Later count the dated incidents before and on or after
	// Split; Undated those without a date, left out of both.
	Earlier, Later, Undated int
	// Missed counts the later incidents outside every scored cell.
	Missed int
	// Cells and AreaM2 are the scored cells and their area (grid m²);
	// Positive and PositiveM2 those holding at least one later incident.
	Cells, Positive          int
	AreaM2, PositiveM2       float64
	Fractions                []float64
	Model, Uniform, Distance Ranking
	// Baselines are, for a Mixture model, the classic model ("kde", ranked
	// by density) and each of the Mixture's kernels alone with its recency
	// weights ("short", "long"), ranked the same way; nil for KDE.
	Baselines []Ranking
	// Surface is the model's surface scored with the earlier incidents.
	Surface *Surface
}

// Backtest splits p's incidents at split (incidents dated before it are
// earlier, on or after it later, undated ones left out), scores the model
// with the earlier ones over the cells opts selects, and measures how the
// model and the two baselines rank the cells holding later incidents. It
// returns ErrSource if p.Source does not hold the incidents' dates aligned
// with p.Incidents, and Score's errors. Cost: one Score, plus
// O(cells log cells) for the rankings.
func (m *Model) Backtest(ctx context.Context, p *geo.Projected, split time.Time, opts *ScoreOptions) (*Backtest, error) {
	if p == nil {
		panic("risk: Backtest of a nil *geo.Projected")
	}
	if p.Source == nil || len(p.Source.Incidents) != len(p.Incidents) {
		return nil, ErrSource
	}
	bt := &Backtest{Split: split, Fractions: slices.Clone(BacktestFractions)}
	q, later, undated := splitIncidents(p, split, time.Time{})
	bt.Undated = undated
	bt.Earlier, bt.Later = len(q.Incidents), len(later)
	s, err := m.Score(ctx, q, opts)
	if err != nil {
		return nil, err
	}
	bt.Surface = s
	n := len(s.Cells)
	bt.Cells = n
	cnt := make([]float64, n)
	cells := make([]int, len(later)) // each later incident's cell, -1 if none
	for q, xy := range later {
		k := s.Find(s.Grid.CellOf(xy))
		cells[q] = k
		if k < 0 {
			bt.Missed++
			continue
		}
		cnt[k]++
	}
	area := make([]float64, n)
	score := make([]float64, n)
	for k := range s.Cells {
		area[k] = s.Cells[k].AreaM2
		bt.AreaM2 += area[k]
		if cnt[k] > 0 {
			bt.Positive++
			bt.PositiveM2 += area[k]
		}
		score[k] = s.Cells[k].Risk / area[k] // cells have a positive area
		if m.Kind == Mixture {
			score[k] = s.Cells[k].Likelihood
		}
	}
	bt.Model = rank("model", score, area, cnt, bt.Later, bt.Fractions)
	bt.Model.bootstrap(score, area, cells, bt.Fractions)
	if m.Kind == Mixture {
		prm := m.params()
		for _, b := range []struct {
			name string
			m    Model
		}{
			{"kde", Model{Kind: KDE}},
			{"short", Model{LongWeight: 1, LongBandwidthM: prm.hS, RecencyYears: prm.tau, NearScaleM: -1}},
			{"long", Model{LongWeight: 1, LongBandwidthM: prm.hL, RecencyYears: prm.tau, NearScaleM: -1}},
		} {
			b.m.Reference = m.Reference
			bs, err := b.m.Score(ctx, q, opts)
			if err != nil {
				return nil, err
			}
			for k := range bs.Cells {
				score[k] = bs.Cells[k].Likelihood
				if b.m.Kind == KDE {
					score[k] = bs.Cells[k].Density
				}
			}
			r := rank(b.name, score, area, cnt, bt.Later, bt.Fractions)
			r.bootstrap(score, area, cells, bt.Fractions)
			bt.Baselines = append(bt.Baselines, r)
		}
	}
	clear(score)
	bt.Uniform = rank("uniform", score, area, cnt, bt.Later, bt.Fractions)
	bt.Uniform.bootstrap(score, area, cells, bt.Fractions)
	dist := make([]float64, n)
	nr := newNearest(q.Incidents)
	var env envBuf
	nr.rows(s.lay, 0, s.lay.rows(), dist, nil, &env)
	for k, d := range dist {
		score[k] = -d
	}
	bt.Distance = rank("distance", score, area, cnt, bt.Later, bt.Fractions)
	bt.Distance.bootstrap(score, area, cells, bt.Fractions)
	return bt, nil
}

// Rankings returns the model's ranking, then the baselines: uniform,
// distance and, for a Mixture, Baselines.
func (b *Backtest) Rankings() []Ranking {
	return append([]Ranking{b.Model, b.Uniform, b.Distance}, b.Baselines...)
}

// byScore returns the cells' indices by decreasing score (ties in index
// order) and the total area.
func byScore(score, area []float64) (order []int, total float64) {
	order = make([]int, len(score))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int {
		if score[a] != score[b] {
			if score[a] > score[b] {
				return -1
			}
			return 1
		}
		return a - b
	})
	for _, a := range area {
		total += a
	}
	return order, total
}

// cutShares returns, for every cell and every fraction, the share of the
// cell counted as inside the top fraction of the area when the cells are
// ranked by score (ties as a group, taken in proportion, as rank does).
func cutShares(score, area []float64, fractions []float64) [][]float64 {
	n := len(score)
	order, total := byScore(score, area)
	out := make([][]float64, len(fractions))
	for f := range out {
		out[f] = make([]float64, n)
	}
	var acc float64
	for g := 0; g < n; {
		e := g
		var ga float64
		for e < n && score[order[e]] == score[order[g]] {
			ga += area[order[e]]
			e++
		}
		for f, frac := range fractions {
			t := frac * total
			share := 0.0
			switch {
			case t >= acc+ga:
				share = 1
			case t > acc && ga > 0:
				share = (t - acc) / ga
			}
			for _, k := range order[g:e] {
				out[f][k] = share
			}
		}
		acc += ga
		g = e
	}
	return out
}

// bootstrap sets r's capture interval by resampling the later incidents
// (cells[q] is incident q's cell, -1 if outside) with replacement,
// BootstrapRuns times, from a fixed seed. score has had its NaNs replaced
// by rank.
func (r *Ranking) bootstrap(score, area []float64, cells []int, fractions []float64) {
	n := len(cells)
	if n == 0 {
		return
	}
	shares := cutShares(score, area, fractions)
	rng := rand.New(rand.NewPCG(1, 1))
	runs := make([][]float64, len(fractions))
	for f := range runs {
		runs[f] = make([]float64, BootstrapRuns)
	}
	for b := range BootstrapRuns {
		for range n {
			k := cells[rng.IntN(n)]
			if k < 0 {
				continue
			}
			for f := range fractions {
				runs[f][b] += shares[f][k]
			}
		}
	}
	r.CaptureLo = make([]float64, len(fractions))
	r.CaptureHi = make([]float64, len(fractions))
	for f := range fractions {
		slices.Sort(runs[f])
		r.CaptureLo[f] = runs[f][int(0.025*BootstrapRuns)] / float64(n)
		r.CaptureHi[f] = runs[f][int(0.975*BootstrapRuns)-1] / float64(n)
	}
}

// rank measures one ranking; see Ranking. NaN scores rank last (they are
// replaced by −Inf in score).
func rank(name string, score, area, cnt []float64, later int, fractions []float64) Ranking {
	r := Ranking{Name: name, Capture: make([]float64, len(fractions)), AUC: math.NaN()}
	n := len(score)
	for k, v := range score {
		if math.IsNaN(v) {
			score[k] = math.Inf(-1)
		}
	}
	order, total := byScore(score, area)
	if later > 0 {
		var accA, accC float64
		r.Curve = append(r.Curve, CurvePoint{})
		next := 1
		for g := 0; g < n; {
			e := g
			var ga, gc float64
			for e < n && score[order[e]] == score[order[g]] {
				ga += area[order[e]]
				gc += cnt[order[e]]
				e++
			}
			for f, frac := range fractions {
				t := frac * total
				if t >= accA && t < accA+ga && ga > 0 {
					r.Capture[f] = (accC + gc*(t-accA)/ga) / float64(later)
				}
			}
			accA += ga
			accC += gc
			g = e
			if total > 0 && (accA/total >= float64(next)/CurvePoints || g == n) {
				r.Curve = append(r.Curve, CurvePoint{accA / total, accC / float64(later)})
				next = int(accA/total*CurvePoints) + 1
			}
		}
		for f, frac := range fractions {
			if frac*total >= accA {
				r.Capture[f] = accC / float64(later)
			}
		}
	}
	// ROC over hectares.
	y := slices.Clone(score)
	classes := make([]bool, n)
	w := slices.Clone(area)
	var pos, neg float64
	for k := range classes {
		classes[k] = cnt[k] > 0
		if classes[k] {
			pos += w[k]
		} else {
			neg += w[k]
		}
	}
	if pos > 0 && neg > 0 {
		stat.SortWeightedLabeled(y, classes, w)
		tpr, fpr, _ := stat.ROC(nil, y, classes, w)
		r.AUC = integrate.Trapezoidal(fpr, tpr)
	}
	return r
}

// WriteTo writes a small table of the backtest, one ranking per row.
func (b *Backtest) WriteTo(w io.Writer) (int64, error) {
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// String returns the table WriteTo writes.
func (b *Backtest) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "backtest split %s: %d earlier, %d later (%d outside the scored cells), %d undated\n",
		b.Split.Format(time.DateOnly), b.Earlier, b.Later, b.Missed, b.Undated)
	noun, verb := "cells", "hold"
	if b.Positive == 1 {
		noun, verb = "cell", "holds"
	}
	fmt.Fprintf(&sb, "scored: %d cells, %.1f ha; %d %s (%.1f ha) %s a later incident\n",
		b.Cells, b.AreaM2/10000, b.Positive, noun, b.PositiveM2/10000, verb)
	fmt.Fprintf(&sb, "%-9s", "ranking")
	for _, f := range b.Fractions {
		fmt.Fprintf(&sb, " %7s", fmt.Sprintf("top%g%%", f*100))
	}
	sb.WriteString("     AUC\n")
	for _, r := range b.Rankings() {
		fmt.Fprintf(&sb, "%-9s", r.Name)
		for _, c := range r.Capture {
			fmt.Fprintf(&sb, " %7.3f", c)
		}
		fmt.Fprintf(&sb, " %7.3f\n", r.AUC)
	}
	if b.Model.CaptureLo == nil {
		return sb.String()
	}
	fmt.Fprintf(&sb, "95%% intervals of capture (bootstrap over the later incidents, %d runs):\n", BootstrapRuns)
	for _, r := range b.Rankings() {
		fmt.Fprintf(&sb, "%-9s", r.Name)
		for f := range r.CaptureLo {
			fmt.Fprintf(&sb, " %13s", fmt.Sprintf("%.3f-%.3f", r.CaptureLo[f], r.CaptureHi[f]))
		}
		sb.WriteString("\n")
	}
	return sb.String()
}
