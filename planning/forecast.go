package planning

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// National places a plan in the national task. It has no default: a
// country's figures are the user's to give (a zero National places the
// plan in nothing, and the forecast has no national share).
type National struct {
	// BaselineHa is the land already released before the plan, in
	// hectares; 0 (or a negative value) means none given.
	BaselineHa float64
	// TaskHa is the whole national task (released and still to release),
	// in hectares; 0 means BaselineHa plus the plan's area if a baseline
	// is given, and no national task otherwise.
	TaskHa float64
}

// Month is one calendar month of a forecast. Areas are in m²; the released
// area of a job accrues evenly over its working time (after travel), so a
// job that spans months shares its area between them.
type Month struct {
	// Month is midnight on the first day of the month, in the plan's
	// location.
	Month time.Time
	// WorkDays is the number of working days in the month from the plan's
	// start.
	WorkDays float64
	// CancelledM2, ReducedM2 and ClearedM2 are released during the month.
	CancelledM2, ReducedM2, ClearedM2 float64
	// RemainingM2 is the contaminated area of the plan's units left at the
	// month's end.
	RemainingM2 float64
	// ResidualRisk is the risk of the units not fully released at the
	// month's end: as in the plan's cost, a unit's risk is removed whole
	// when its last step ends.
	ResidualRisk float64
	// NationalShare is the share of the national task released by the
	// month's end: (baseline + released so far) / task; 0 without a
	// national task (see National).
	NationalShare float64
}

// Forecast is a plan month by month.
type Forecast struct {
	// Months runs from the plan's first month to the month of its last
	// release; it is empty if the plan has no work.
	Months []Month
	// LastRelease is when the last hectare is released (the plan's):
	// usually the midnight that ends the last working day, so print
	// LastWorkDay instead.
	LastRelease time.Time
	// BaselineHa and TaskHa are the national figures used; TaskHa is 0
	// when none were given (and every NationalShare is then 0).
	BaselineHa, TaskHa float64
}

// LastWorkDay returns the date of the last working day, the day the last
// hectare is released, as midnight starting it (see [Plan.LastWorkDay]):
// the day before LastRelease when LastRelease is the midnight ending it.
// For a forecast without months (a plan without work) it is LastRelease's
// own day. Cost: O(1).
func (f Forecast) LastWorkDay() time.Time {
	start := f.LastRelease
	if len(f.Months) > 0 {
		start = f.Months[0].Month
	}
	return LastWorkDayOf(start, f.LastRelease)
}

// Forecast returns the plan month by month, placed in the national task
// nat (nil, or a zero National, means none: no national share). It is deterministic and does not change the
// plan. Cost: O(J log M + U log U + M) for J jobs, U units and M months.
func (p *Plan) Forecast(nat *National) Forecast {
	var n National
	if nat != nil {
		n = *nat
	}
	if !(n.BaselineHa > 0) || math.IsInf(n.BaselineHa, 1) {
		n.BaselineHa = 0
	}
	if !(n.TaskHa > 0) || math.IsInf(n.TaskHa, 1) {
		n.TaskHa = 0
		if n.BaselineHa > 0 {
			n.TaskHa = n.BaselineHa + p.TotalAreaM2/1e4
		}
	}
	f := Forecast{LastRelease: p.LastRelease, BaselineHa: n.BaselineHa, TaskHa: n.TaskHa}
	if p.LastReleaseDay <= 0 || p.table == nil {
		return f
	}
	firsts, bound := p.monthGrid()
	nm := len(firsts) - 1
	f.Months = make([]Month, nm)
	for i := range nm {
		f.Months[i].Month = firsts[i]
		f.Months[i].WorkDays = bound[i+1] - bound[i]
	}
	// Spread each job's release over its working time.
	for i := range p.Jobs {
		jb := &p.Jobs[i]
		spreadRelease(f.Months, bound, jb.Step, jb.StartDay+jb.TravelDays, jb.EndDay, jb.ReleasedM2)
	}
	// Residual risk: units by release day.
	rel := make([]int, len(p.Units))
	for i := range rel {
		rel[i] = i
	}
	slices.SortFunc(rel, func(a, b int) int { // by day, then index: as a stable sort
		if c := cmp.Compare(p.Units[a].ReleaseDay, p.Units[b].ReleaseDay); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	released, k, riskGone := 0.0, 0, 0.0
	for i := range nm {
		m := &f.Months[i]
		released += m.CancelledM2 + m.ReducedM2 + m.ClearedM2
		for k < len(rel) && (p.Units[rel[k]].ReleaseDay <= bound[i+1] || i == nm-1) {
			riskGone += p.Units[rel[k]].Risk
			k++
		}
		m.ResidualRisk = max(p.TotalRisk-riskGone, 0)
		if k == len(rel) {
			m.ResidualRisk = 0
		}
		m.RemainingM2 = max(p.TotalAreaM2-released, 0)
		if i == nm-1 || m.RemainingM2 < 1e-9*p.TotalAreaM2 {
			m.RemainingM2 = 0
		}
		if n.TaskHa > 0 {
			m.NationalShare = (n.BaselineHa*1e4 + released) / (n.TaskHa * 1e4)
		}
	}
	return f
}

// monthGrid returns the first day of every month from the plan's start's
// month to the first month after its last release (firsts), and each as a
// working-day offset (bound[i] begins month i): the months of Forecast are
// firsts[:len(firsts)-1].
func (p *Plan) monthGrid() (firsts []time.Time, bound []float64) {
	y, mo, _ := p.Start.Date()
	last := p.LastRelease.Add(-time.Nanosecond)
	for i := 0; ; i++ {
		t := time.Date(y, mo+time.Month(i), 1, 0, 0, 0, 0, p.Start.Location())
		firsts = append(firsts, t)
		bound = append(bound, p.table.offsetAtMidnight(civil(t.Date())))
		if t.After(last) {
			return firsts, bound
		}
	}
}

// spreadRelease adds the area rel a job of kind step releases, evenly
// over its working time from a to b (working days), to the months (see
// monthGrid for bound); a job of no working time releases it in the month
// it ends.
func spreadRelease(months []Month, bound []float64, step StepKind, a, b, rel float64) {
	nm := len(months)
	add := func(mi int, x float64) {
		mi = min(max(mi, 0), nm-1)
		switch step {
		case NTS:
			months[mi].CancelledM2 += x
		case TS:
			months[mi].ReducedM2 += x
		default:
			months[mi].ClearedM2 += x
		}
	}
	if !(b > a) {
		add(monthEnding(bound, b), rel)
		return
	}
	for mi := monthStarting(bound, a); mi < nm; mi++ {
		lo, hi := max(a, bound[mi]), min(b, bound[mi+1])
		if mi == nm-1 {
			hi = b
		}
		if hi > lo {
			add(mi, rel*(hi-lo)/(b-a))
		}
		if b <= bound[mi+1] {
			break
		}
	}
}

// drawRelease is what Simulate takes of a draw's forecast (see record's
// draw): the first day of each month of Forecast, and the area released by
// each month's end, TotalAreaM2 − Month.RemainingM2, computed as Forecast
// computes it (the same sums in the same order) from the draw's jobs.
func (p *Plan) drawRelease() (months []time.Time, released []float64) {
	if p.LastReleaseDay <= 0 || p.table == nil {
		return nil, nil
	}
	firsts, bound := p.monthGrid()
	nm := len(firsts) - 1
	ms := make([]Month, nm)
	for i := range p.draws {
		d := &p.draws[i]
		spreadRelease(ms, bound, d.step, d.a, d.b, d.released)
	}
	released = make([]float64, nm)
	sum := 0.0
	for i := range ms {
		m := &ms[i]
		sum += m.CancelledM2 + m.ReducedM2 + m.ClearedM2
		rem := max(p.TotalAreaM2-sum, 0)
		if i == nm-1 || rem < 1e-9*p.TotalAreaM2 {
			rem = 0
		}
		released[i] = p.TotalAreaM2 - rem
	}
	return firsts[:nm], released
}

// monthStarting returns the month in which work at offset x happens: the
// last i with bound[i] ≤ x.
func monthStarting(bound []float64, x float64) int {
	i, _ := slices.BinarySearchFunc(bound, x, func(b, x float64) int {
		if b <= x {
			return -1
		}
		return 1
	})
	return i - 1
}

// monthEnding returns the month in which work ending at offset x ends: the
// last i with bound[i] < x (a job ending on a month's first boundary ended
// the month before).
func monthEnding(bound []float64, x float64) int {
	i, _ := slices.BinarySearch(bound, x)
	return i - 1
}
