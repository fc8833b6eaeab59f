package planning

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"time"
)

// ClosureYears is how many years from a plan's start a yearly [Closure]
// is repeated: a plan longer than that works through the season after.
const ClosureYears = 100

// Closure is a period when work stops: on a unit (a season, a security
// closure of the area) or for a team (leave, another task). A job that
// meets a closure of its unit or of its team pauses, and goes on when it
// ends; travel pauses too. No work is ever planned inside a closure.
type Closure struct {
	// From and To are the first and the last day closed, inclusive: their
	// dates as written (time.Time.Date), the time of day ignored.
	From, To time.Time
	// Yearly makes the closure a season: only the months and days of From
	// and To count, and the closure comes back every year (for
	// ClosureYears years from the plan's start). A season may run over
	// the new year (From 15 November, To 15 March).
	Yearly bool
	// Reason says why, for reports ("winter", "security").
	Reason string
}

// String writes "2027-07-01 to 2027-07-31 (security)" or "every year 11-15
// to 03-15 (winter)".
func (c Closure) String() string {
	var s string
	if c.Yearly {
		s = fmt.Sprintf("every year %02d-%02d to %02d-%02d", int(c.From.Month()), c.From.Day(), int(c.To.Month()), c.To.Day())
	} else {
		s = c.From.Format(time.DateOnly) + " to " + c.To.Format(time.DateOnly)
	}
	if c.Reason != "" {
		s += " (" + c.Reason + ")"
	}
	return s
}

func (c *Closure) validate() error {
	switch {
	case c.From.IsZero() || c.To.IsZero():
		return fmt.Errorf("%w: a closure needs both From and To", ErrMissing)
	case c.Yearly && c.From.Month() == time.February && c.From.Day() == 29,
		c.Yearly && c.To.Month() == time.February && c.To.Day() == 29:
		return fmt.Errorf("%w: a yearly closure cannot start or end on 29 February", ErrInvalid)
	case !c.Yearly && dayOf(c.To) < dayOf(c.From):
		return fmt.Errorf("%w: closure ends (%s) before it starts (%s)", ErrInvalid,
			c.To.Format(time.DateOnly), c.From.Format(time.DateOnly))
	}
	return nil
}

func dayOf(t time.Time) int64 {
	y, m, d := t.Date()
	return civil(y, m, d)
}

// span is a closed period in working days from the plan's start: [a, b).
type span struct{ a, b float64 }

// spans returns the closures as sorted, disjoint working-day spans from
// the plan's start (those wholly before it, or on no working day, left
// out). Cost: O(closures × years × log days).
func (w *workTable) spans(cs []Closure) []span {
	if len(cs) == 0 {
		return nil
	}
	var out []span
	add := func(from, to int64) { // civil days, inclusive
		if to < w.origin {
			return
		}
		a := w.offsetAtMidnight(max(from, w.origin))
		b := w.offsetAtMidnight(to + 1)
		if b > a {
			out = append(out, span{a, b})
		}
	}
	for i := range cs {
		c := &cs[i]
		if !c.Yearly {
			add(dayOf(c.From), dayOf(c.To))
			continue
		}
		fm, fd := c.From.Month(), c.From.Day()
		tm, td := c.To.Month(), c.To.Day()
		wraps := tm < fm || tm == fm && td < fd
		for y := w.y - 1; y <= w.y+ClosureYears; y++ {
			ty := y
			if wraps {
				ty++
			}
			add(civil(y, fm, fd), civil(ty, tm, td))
		}
	}
	slices.SortFunc(out, func(x, y span) int {
		if x.a != y.a {
			if x.a < y.a {
				return -1
			}
			return 1
		}
		return 0
	})
	merged := out[:0]
	for _, s := range out {
		if n := len(merged); n > 0 && s.a <= merged[n-1].b {
			merged[n-1].b = max(merged[n-1].b, s.b)
			continue
		}
		merged = append(merged, s)
	}
	return slices.Clip(merged)
}

// skipClosed returns the first instant ≥ t outside every span of a and b.
func skipClosed(t float64, a, b []span) float64 {
	for {
		moved := false
		for _, ss := range [2][]span{a, b} {
			if i := sort.Search(len(ss), func(i int) bool { return ss[i].b > t }); i < len(ss) && ss[i].a <= t {
				t = ss[i].b
				moved = true
			}
		}
		if !moved {
			return t
		}
	}
}

// advance returns when d working days of work that may start at t are
// done, pausing through the spans of a and b (both sorted, disjoint). It
// returns t + d when neither has a span from t on.
func advance(t, d float64, a, b []span) float64 {
	if len(a) == 0 && len(b) == 0 || math.IsInf(d, 1) {
		return t + d
	}
	for {
		t = skipClosed(t, a, b)
		next := math.Inf(1)
		for _, ss := range [2][]span{a, b} {
			if i := sort.Search(len(ss), func(i int) bool { return ss[i].a > t }); i < len(ss) {
				next = min(next, ss[i].a)
			}
		}
		if t+d <= next {
			return t + d
		}
		d -= next - t
		t = next
	}
}
