package planning

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// BudgetYears is how many calendar years from a plan's start a budget
// (Costs) is tracked: a job that no year within them can pay for makes
// Schedule fail.
const BudgetYears = 200

// Costs prices the work and caps what a plan commits each calendar year.
// A job costs its area × PerM2 of its team's method plus its working days
// (travel included, pauses for closures not) × PerTeamDay of the method,
// and is paid from the calendar year it starts in (commitment
// accounting): Schedule never starts a job in a year whose budget it
// would overrun, and delays it to the first year that can pay. The zero
// Costs (and a nil *Costs) prices nothing and caps nothing.
type Costs struct {
	// PerM2 and PerTeamDay are the prices per method, in Currency; a
	// method left out costs 0.
	PerM2, PerTeamDay map[Method]float64
	// Yearly is the budget of every calendar year; 0 means no cap.
	Yearly float64
	// Years overrides Yearly for the years it lists (calendar years, in
	// the calendar's location).
	Years map[int]float64
	// Currency names the unit of money in reports ("USD").
	Currency string
}

// capped reports whether the costs cap any year.
func (c *Costs) capped() bool { return c != nil && (c.Yearly > 0 || len(c.Years) > 0) }

// budgetOf returns the budget of calendar year y (+Inf without a cap).
func (c *Costs) budgetOf(y int) float64 {
	if b, ok := c.Years[y]; ok {
		return b
	}
	if c.Yearly > 0 {
		return c.Yearly
	}
	return math.Inf(1)
}

// Validate reports a price or budget that is negative, NaN or infinite,
// wrapping [ErrInvalid].
func (c *Costs) Validate() error {
	if c == nil {
		return nil
	}
	for _, mm := range [2]map[Method]float64{c.PerM2, c.PerTeamDay} {
		for m, v := range mm {
			if m < MethodManual || m > MethodTS || !nonNegative(v) {
				return fmt.Errorf("planning: costs: %v %v: %w", m, v, ErrInvalid)
			}
		}
	}
	if !nonNegative(c.Yearly) {
		return fmt.Errorf("planning: costs: yearly budget %v: %w", c.Yearly, ErrInvalid)
	}
	for y, v := range c.Years {
		if !nonNegative(v) {
			return fmt.Errorf("planning: costs: budget of %d = %v: %w", y, v, ErrInvalid)
		}
	}
	return nil
}

// YearSpend is what a plan commits in one calendar year.
type YearSpend struct {
	Year int
	// Spent is the cost of the jobs that start in the year; Budget the
	// year's budget (+Inf without a cap).
	Spent, Budget float64
}

// budget is the model's view of Costs: per team prices, year boundaries.
type budget struct {
	perM2, perDay []float64 // per team
	year0         int
	bounds        []float64 // bounds[i]: working-day offset where year year0+i+1 starts
	caps          []float64 // per year index
}

func newBudget(c *Costs, teams []Team, w *workTable) *budget {
	b := &budget{perM2: make([]float64, len(teams)), perDay: make([]float64, len(teams)), year0: w.y}
	for k := range teams {
		b.perM2[k] = c.PerM2[teams[k].Method]
		b.perDay[k] = c.PerTeamDay[teams[k].Method]
	}
	for i := range BudgetYears {
		b.caps = append(b.caps, c.budgetOf(w.y+i))
		if i > 0 {
			b.bounds = append(b.bounds, w.offsetAtMidnight(civil(w.y+i, 1, 1)))
		}
	}
	return b
}

// yearOf returns the year index of working-day offset t.
func (b *budget) yearOf(t float64) int {
	return sort.Search(len(b.bounds), func(i int) bool { return b.bounds[i] > t })
}

// payable returns the earliest start ≥ t in a year whose spend (spend[y])
// leaves room for cost, and that year; ok false if none within
// BudgetYears.
func (b *budget) payable(t, cost float64, spend []float64) (start float64, year int, ok bool) {
	y := b.yearOf(t)
	for ; y < len(b.caps); y++ {
		if spend[y]+cost <= b.caps[y]*(1+1e-12) {
			if y > 0 {
				t = max(t, b.bounds[y-1])
			}
			return t, y, true
		}
	}
	return 0, 0, false
}

// spends returns a plan's yearly spend from its state.
func (b *budget) spends(spend []float64) []YearSpend {
	last := len(spend) - 1
	for last >= 0 && spend[last] == 0 {
		last--
	}
	out := make([]YearSpend, 0, last+1)
	for y := 0; y <= last; y++ {
		out = append(out, YearSpend{Year: b.year0 + y, Spent: spend[y], Budget: b.caps[y]})
	}
	return slices.Clip(out)
}
