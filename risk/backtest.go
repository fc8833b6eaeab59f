package risk

import (
	"context"
	"fmt"
	"io"
	"math"
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
}

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
	src := *p.Source
	src.Incidents = nil
	q := *p
	q.Source = &src
	q.Incidents = nil
	var later []geo.XY
	for k, in := range p.Source.Incidents {
		switch {
		case in.Date.IsZero():
			bt.Undated++
		case in.Date.Before(split):
			src.Incidents = append(src.Incidents, in)
			q.Incidents = append(q.Incidents, p.Incidents[k])
		default:
			later = append(later, p.Incidents[k])
		}
	}
	bt.Earlier, bt.Later = len(q.Incidents), len(later)
	s, err := m.Score(ctx, &q, opts)
	if err != nil {
		return nil, err
	}
	bt.Surface = s
	n := len(s.Cells)
	bt.Cells = n
	cnt := make([]float64, n)
	for _, xy := range later {
		k := s.Find(s.Grid.CellOf(xy))
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
	clear(score)
	bt.Uniform = rank("uniform", score, area, cnt, bt.Later, bt.Fractions)
	dist := make([]float64, n)
	nr := newNearest(q.Incidents)
	var env envBuf
	nr.rows(s.lay, 0, s.lay.rows(), dist, nil, &env)
	for k, d := range dist {
		score[k] = -d
	}
	bt.Distance = rank("distance", score, area, cnt, bt.Later, bt.Fractions)
	return bt, nil
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
	order := make([]int, n)
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
	var total float64
	for _, a := range area {
		total += a
	}
	if later > 0 {
		var accA, accC float64
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
	for _, r := range []Ranking{b.Model, b.Uniform, b.Distance} {
		fmt.Fprintf(&sb, "%-9s", r.Name)
		for _, c := range r.Capture {
			fmt.Fprintf(&sb, " %7.3f", c)
		}
		fmt.Fprintf(&sb, " %7.3f\n", r.AUC)
	}
	return sb.String()
}
