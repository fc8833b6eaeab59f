package risk

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/landrelease/clearance/geo"
)

// FitFamily is the family of Mixture parameters [Fit] chooses from: every
// combination of these values (3 × 3 × 3 × 4 × 3 = 324 models), the
// defaults among them.
var FitFamily = struct {
	ShortBandwidthM, LongBandwidthM, LongWeight, RecencyYears, NearScaleM []float64
}{
	ShortBandwidthM: []float64{250, 500, 1000},
	LongBandwidthM:  []float64{2500, 5000, 10000},
	LongWeight:      []float64{0.3, 0.5, 0.7},
	RecencyYears:    []float64{2, 3, 5, 10},
	NearScaleM:      []float64{1000, 3000, -1},
}

// FitShrinkIncidents is n₀ of Fit's shrinkage: with n incidents before
// the first validation origin, the chosen parameters are moved from the
// default a share n/(n+n₀) of the way to the best candidate.
const FitShrinkIncidents = 100

// FitFolds is the number of rolling origins Fit validates on.
const FitFolds = 3

// FitOptions sets how [Fit] validates. A nil *FitOptions means defaults.
type FitOptions struct {
	// Grid is the grid the candidates are scored on; the zero value means
	// 1 km cells (a ranking of 1 km cells judges the kernels about as a
	// hectare grid does, at a hundredth of the cost).
	Grid geo.Grid
	// UseArea scores the area of interest instead of the hazards (see
	// ScoreOptions).
	UseArea bool
	// Workers is the number of goroutines of each scoring; 0 means
	// GOMAXPROCS. The result does not depend on it.
	Workers int
	// MaxCells is ScoreOptions.MaxCells.
	MaxCells int
}

// FitFold is one rolling origin of a fit: the incidents before Origin
// score the cells, those in [Origin, End) judge them.
type FitFold struct {
	Origin, End    time.Time
	Earlier, Later int
}

// FitCandidate is one model of the family and how it did.
type FitCandidate struct {
	ShortBandwidthM, LongBandwidthM, LongWeight, RecencyYears, NearScaleM float64
	// Capture is, per BacktestFractions, the later incidents captured over
	// all folds over the later incidents of all folds.
	Capture []float64
	// AUC is the mean of the folds' AUCs (NaN ones left out).
	AUC float64
	// Score is the mean of Capture: what Fit maximises.
	Score float64
}

// Fitted is the result of [Fit]: the model, how it was chosen and the
// validation scores.
type Fitted struct {
	// Model is the fitted Mixture model (VillageScaleM and the other
	// settings not fitted left zero: their defaults).
	Model Model
	// Method says in words how Model was chosen.
	Method string
	// Folds are the rolling origins used; empty if the history was too
	// short to validate on, and then Model is the default.
	Folds []FitFold
	// Candidates are the family's models in order (the default first), each
	// with its validation scores; Best indexes the best, Default the
	// default (0).
	Candidates    []FitCandidate
	Best, Default int
	// Early is the number of dated incidents before the first origin;
	// Shrink the share of the way from the default to the best candidate
	// that Model's parameters moved (0: the default).
	Early  int
	Shrink float64
}

// Fit chooses the Mixture's parameters from p's own dated incidents by
// rolling-origin validation in time: the span of the incidents' dates is
// cut at FitFolds origins, each a fifth of the span (at least a year)
// after the previous, ending one window before the latest date; for each
// origin every model of FitFamily is scored with the incidents before it
// (ages counted from the origin) on opts.Grid over the hazards (or the
// area of interest), and the incidents of the next window judge it by
// capture at BacktestFractions of the area. The best candidate (by mean
// capture, then AUC, then family order) is taken only if it beats the
// default by more than the noise of the capture shares, 0.5/√(later
// incidents); its parameters are then shrunk toward the default's, in log
// space for scales, by n/(n+FitShrinkIncidents) with n the incidents
// before the first origin, so that a thin history keeps near the default.
// The result is deterministic.
//
// It returns ErrSource if p.Source does not hold the incidents' dates
// aligned, and Score's errors. With fewer than two dated years, or no
// fold with both earlier and later incidents, it returns the default
// model and says so in Method. Cost: 324 × FitFolds scorings on
// opts.Grid. It panics if p is nil.
func Fit(ctx context.Context, p *geo.Projected, opts *FitOptions) (*Fitted, error) {
	if p == nil {
		panic("risk: Fit of a nil *geo.Projected")
	}
	if p.Source == nil || len(p.Source.Incidents) != len(p.Incidents) {
		return nil, ErrSource
	}
	var o FitOptions
	if opts != nil {
		o = *opts
	}
	if o.Grid.CellM == 0 {
		o.Grid.CellM = 1000
	}
	f := &Fitted{}
	for _, s := range FitFamily.ShortBandwidthM {
		for _, l := range FitFamily.LongBandwidthM {
			for _, w := range FitFamily.LongWeight {
				for _, tau := range FitFamily.RecencyYears {
					for _, nr := range FitFamily.NearScaleM {
						f.Candidates = append(f.Candidates, FitCandidate{ShortBandwidthM: s, LongBandwidthM: l,
							LongWeight: w, RecencyYears: tau, NearScaleM: nr})
					}
				}
			}
		}
	}
	// The default first.
	def := slices.IndexFunc(f.Candidates, func(c FitCandidate) bool {
		return c.ShortBandwidthM == DefaultShortBandwidthM && c.LongBandwidthM == DefaultLongBandwidthM &&
			c.LongWeight == DefaultLongWeight && c.RecencyYears == DefaultRecencyYears && c.NearScaleM == DefaultNearScaleM
	})
	f.Candidates[0], f.Candidates[def] = f.Candidates[def], f.Candidates[0]
	f.Folds = fitFolds(p.Source.Incidents)
	if len(f.Folds) == 0 {
		f.Method = "the default: the history is too short to validate on (fewer than two dated years, or no origin with incidents before and after it)"
		return f, nil
	}
	for k := range f.Candidates {
		f.Candidates[k].Capture = make([]float64, len(BacktestFractions))
	}
	var later float64
	aucs := make([][]float64, len(f.Candidates))
	for _, fold := range f.Folds {
		q, judge, _ := splitIncidents(p, fold.Origin, fold.End)
		later += float64(len(judge))
		for k := range f.Candidates {
			c := &f.Candidates[k]
			m := c.model()
			m.Reference = fold.Origin
			s, err := m.Score(ctx, q, &ScoreOptions{Grid: o.Grid, UseArea: o.UseArea, Workers: o.Workers, MaxCells: o.MaxCells})
			if err != nil {
				return nil, err
			}
			r := rankLikelihood(s, judge)
			for i, v := range r.Capture {
				c.Capture[i] += v * float64(len(judge))
			}
			if !math.IsNaN(r.AUC) {
				aucs[k] = append(aucs[k], r.AUC)
			}
		}
	}
	for k := range f.Candidates {
		c := &f.Candidates[k]
		for i := range c.Capture {
			c.Capture[i] /= later
			c.Score += c.Capture[i] / float64(len(c.Capture))
		}
		c.AUC = math.NaN()
		if len(aucs[k]) > 0 {
			c.AUC = 0
			for _, a := range aucs[k] {
				c.AUC += a / float64(len(aucs[k]))
			}
		}
	}
	for k := range f.Candidates {
		a, b := &f.Candidates[k], &f.Candidates[f.Best]
		if a.Score > b.Score || a.Score == b.Score && a.AUC > b.AUC {
			f.Best = k
		}
	}
	first := f.Folds[0].Origin
	for _, in := range p.Source.Incidents {
		if !in.Date.IsZero() && in.Date.Before(first) {
			f.Early++
		}
	}
	margin := 0.5 / math.Sqrt(later)
	best, dflt := f.Candidates[f.Best], f.Candidates[0]
	if f.Best == 0 || best.Score-dflt.Score <= margin {
		f.Model = dflt.model()
		f.Method = fmt.Sprintf("the default: no candidate of the %d beat it by more than the noise (%.3f in mean capture over %d later incidents in %d folds)",
			len(f.Candidates), margin, int(later), len(f.Folds))
		return f, nil
	}
	f.Shrink = float64(f.Early) / float64(f.Early+FitShrinkIncidents)
	geom := func(d, b float64) float64 { return math.Exp((1-f.Shrink)*math.Log(d) + f.Shrink*math.Log(b)) }
	m := Model{
		ShortBandwidthM: geom(dflt.ShortBandwidthM, best.ShortBandwidthM),
		LongBandwidthM:  geom(dflt.LongBandwidthM, best.LongBandwidthM),
		LongWeight:      (1-f.Shrink)*dflt.LongWeight + f.Shrink*best.LongWeight,
		RecencyYears:    geom(dflt.RecencyYears, best.RecencyYears),
		NearScaleM:      dflt.NearScaleM,
	}
	switch {
	case best.NearScaleM > 0:
		m.NearScaleM = geom(dflt.NearScaleM, best.NearScaleM)
	case f.Shrink >= 0.5:
		m.NearScaleM = -1 // off: the best has none, and the history is not thin
	}
	f.Model = m
	f.Method = fmt.Sprintf("candidate %d of %d, best by mean capture (%.3f against the default's %.3f, noise %.3f, over %d later incidents in %d folds), shrunk %.0f%% of the way from the default (%d incidents before the first origin, n₀ = %d)",
		f.Best, len(f.Candidates), best.Score, dflt.Score, margin, int(later), len(f.Folds), 100*f.Shrink, f.Early, FitShrinkIncidents)
	return f, nil
}

// model returns the candidate as a Mixture model.
func (c *FitCandidate) model() Model {
	return Model{ShortBandwidthM: c.ShortBandwidthM, LongBandwidthM: c.LongBandwidthM,
		LongWeight: c.LongWeight, RecencyYears: c.RecencyYears, NearScaleM: c.NearScaleM}
}

// fitFolds cuts the span of the dated incidents into FitFolds rolling
// origins, each followed by a window of a fifth of the span (at least a
// year) ending at the day after the latest date; folds without incidents
// before the origin or in the window are left out.
func fitFolds(inc []geo.Incident) []FitFold {
	var lo, hi time.Time
	for _, in := range inc {
		if in.Date.IsZero() {
			continue
		}
		if lo.IsZero() || in.Date.Before(lo) {
			lo = in.Date
		}
		if in.Date.After(hi) {
			hi = in.Date
		}
	}
	if lo.IsZero() || hi.Year()-lo.Year() < 1 {
		return nil
	}
	end := hi.AddDate(0, 0, 1)
	years := max(1, int(math.Round(float64(end.Year()-lo.Year())/5)))
	var folds []FitFold
	for f := FitFolds; f >= 1; f-- {
		origin := end.AddDate(-years*f, 0, 0)
		fold := FitFold{Origin: origin, End: origin.AddDate(years, 0, 0)}
		if f == 1 {
			fold.End = end
		}
		for _, in := range inc {
			switch {
			case in.Date.IsZero():
			case in.Date.Before(fold.Origin):
				fold.Earlier++
			case in.Date.Before(fold.End):
				fold.Later++
			}
		}
		if fold.Earlier > 0 && fold.Later > 0 {
			folds = append(folds, fold)
		}
	}
	return folds
}

// splitIncidents returns p with its incidents dated before origin only,
// the positions of those dated in [origin, end) (every later one when end
// is zero) and how many incidents have no date (left out of both).
func splitIncidents(p *geo.Projected, origin, end time.Time) (q *geo.Projected, later []geo.XY, undated int) {
	src := *p.Source
	src.Incidents = nil
	cut := *p
	cut.Source = &src
	cut.Incidents = nil
	for k, in := range p.Source.Incidents {
		switch {
		case in.Date.IsZero():
			undated++
		case in.Date.Before(origin):
			src.Incidents = append(src.Incidents, in)
			cut.Incidents = append(cut.Incidents, p.Incidents[k])
		case end.IsZero() || in.Date.Before(end):
			later = append(later, p.Incidents[k])
		}
	}
	return &cut, later, undated
}

// rankLikelihood measures how s's likelihood ranks the cells of the
// incidents at judge (those outside the cells count as missed).
func rankLikelihood(s *Surface, judge []geo.XY) Ranking {
	n := len(s.Cells)
	cnt := make([]float64, n)
	for _, xy := range judge {
		if k := s.Find(s.Grid.CellOf(xy)); k >= 0 {
			cnt[k]++
		}
	}
	area := make([]float64, n)
	score := make([]float64, n)
	for k := range s.Cells {
		area[k] = s.Cells[k].AreaM2
		score[k] = s.Cells[k].Likelihood
	}
	return rank("model", score, area, cnt, len(judge), BacktestFractions)
}
