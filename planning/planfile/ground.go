package planfile

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/landrelease/clearance/planning"
)

// strs reads a list of strings.
func (o *object) strs(name string) ([]string, bool) {
	l, ok := o.list(name)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(l))
	good := true
	for k, raw := range l {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			o.fail(fmt.Sprintf("%s[%d]", name, k), fmt.Errorf("%w: want a string, got %s", planning.ErrInvalid, preview(raw)))
			good = false
			continue
		}
		out = append(out, s)
	}
	return out, good
}

func (o *object) boolean(name string) (bool, bool) {
	if !o.has(name) {
		return false, false
	}
	var b bool
	if err := json.Unmarshal(o.fields[name], &b); err != nil {
		o.fail(name, fmt.Errorf("%w: want true or false, got %s", planning.ErrInvalid, preview(o.fields[name])))
		return false, false
	}
	return b, true
}

// landRule reads {"method", "field", "values", "min_area_ha", "forbid",
// "factor", "source"}.
func (d *fileDecoder) landRule(o *object) (planning.LandRule, bool) {
	n0 := len(d.errs)
	o.known("method", "field", "values", "min_area_ha", "forbid", "factor", "source", "comment")
	var r planning.LandRule
	if a, ok := o.num("min_area_ha"); ok {
		if !(a > 0) || math.IsInf(a, 0) {
			o.fail("min_area_ha", fmt.Errorf("%w: %v: want a positive number of ha", planning.ErrInvalid, a))
		}
		r.MinAreaM2 = a * 1e4
	}
	// With a minimum area, the land is optional: the rule is then on every
	// land under that area.
	anyLand := o.has("min_area_ha") && !o.has("field") && !o.has("values")
	if m, ok := o.str("method"); ok {
		r.Method = methodNames[strings.ToLower(strings.TrimSpace(m))]
		if r.Method == 0 {
			o.fail("method", fmt.Errorf("%w: %q: want manual, mdd, mechanical, nts or ts", planning.ErrInvalid, m))
		}
	} else if !o.has("method") {
		o.fail("method", planning.ErrMissing)
	}
	if f, ok := o.str("field"); ok {
		if r.Field, ok = planning.ParseLandField(f); !ok {
			o.fail("field", fmt.Errorf("%w: %q: want terrain, vegetation, slope, access or land_use", planning.ErrInvalid, f))
		}
	} else if !o.has("field") && !anyLand {
		o.fail("field", planning.ErrMissing)
	}
	if v, ok := o.strs("values"); ok {
		r.Values = v
		if len(v) == 0 {
			o.fail("values", fmt.Errorf("%w: no land class", planning.ErrMissing))
		}
	} else if !o.has("values") && !anyLand {
		o.fail("values", planning.ErrMissing)
	}
	r.Forbid, _ = o.boolean("forbid")
	if f, ok := o.num("factor"); ok {
		switch {
		case r.Forbid:
			o.fail("factor", fmt.Errorf("%w: a rule that forbids has no factor", planning.ErrInvalid))
		case !(f > 0):
			o.fail("factor", fmt.Errorf("%w: %v: want a positive number", planning.ErrInvalid, f))
		}
		r.Factor = f
	} else if !r.Forbid && !o.has("factor") && len(d.errs) == n0 {
		o.fail("", fmt.Errorf("%w: a rule forbids (\"forbid\": true) or sets a \"factor\"", planning.ErrMissing))
	}
	r.Source, _ = o.str("source")
	_, _ = o.str("comment")
	return r, len(d.errs) == n0
}

// closures reads a list of closures: {"from", "to", "reason"}, dates
// YYYY-MM-DD, or MM-DD for a closure that comes back every year.
func (o *object) closures(name string, loc *time.Location) []planning.Closure {
	l, ok := o.list(name)
	if !ok {
		return nil
	}
	var out []planning.Closure
	for k, raw := range l {
		c, ok := o.d.object(raw, o.team, fmt.Sprintf("%s[%d]", o.field(name), k))
		if !ok {
			continue
		}
		c.name = o.name
		n0 := len(o.d.errs)
		c.known("from", "to", "reason", "comment")
		var cl planning.Closure
		cl.Reason, _ = c.str("reason")
		_, _ = c.str("comment")
		kinds := 0
		for _, f := range [...]struct {
			name string
			dst  *time.Time
		}{{"from", &cl.From}, {"to", &cl.To}} {
			s, ok := c.str(f.name)
			if !ok {
				if !c.has(f.name) {
					c.fail(f.name, planning.ErrMissing)
				}
				continue
			}
			s = strings.TrimSpace(s)
			if md, ok := parseMonthDay(s); ok {
				if md.Month == time.February && md.Day == 29 {
					c.fail(f.name, fmt.Errorf("%w: %q: a yearly closure cannot start or end on 29 February", planning.ErrInvalid, s))
					continue
				}
				*f.dst = time.Date(2001, md.Month, md.Day, 0, 0, 0, 0, loc)
				kinds |= 1
				continue
			}
			t, err := time.ParseInLocation("2006-01-02", s, loc)
			if err != nil {
				c.fail(f.name, fmt.Errorf("%w: %q: want a date YYYY-MM-DD, or MM-DD every year", planning.ErrInvalid, s))
				continue
			}
			*f.dst = t
			kinds |= 2
		}
		switch {
		case kinds == 3:
			c.fail("", fmt.Errorf("%w: from and to must both be dates (YYYY-MM-DD) or both days of the year (MM-DD)", planning.ErrInvalid))
		case kinds == 1:
			cl.Yearly = true
		case kinds == 2 && cl.To.Before(cl.From):
			c.fail("to", fmt.Errorf("%w: %s is before from", planning.ErrInvalid, cl.To.Format(time.DateOnly)))
		}
		if len(o.d.errs) == n0 {
			out = append(out, cl)
		}
	}
	return out
}

// area reads {"name", "district", "hazards", "units", "tier", "due",
// "closures"}.
func (d *fileDecoder) area(o *object, loc *time.Location) (planning.AreaRule, bool) {
	n0 := len(d.errs)
	o.known("name", "district", "hazards", "units", "tier", "due", "closures", "land", "comment")
	var a planning.AreaRule
	a.Name, _ = o.str("name")
	o.name = a.Name
	a.District, _ = o.str("district")
	a.Hazards, _ = o.strs("hazards")
	a.Units, _ = o.strs("units")
	if a.District == "" && a.Hazards == nil && a.Units == nil {
		o.fail("", fmt.Errorf("%w: an area names a district, hazards or units", planning.ErrMissing))
	}
	if t, ok := o.whole("tier", 1); ok {
		a.Tier = t
	}
	if s, ok := o.str("due"); ok {
		t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), loc)
		if err != nil {
			o.fail("due", fmt.Errorf("%w: %q: want a date YYYY-MM-DD", planning.ErrInvalid, s))
		}
		a.Due = t
	}
	a.Closures = o.closures("closures", loc)
	if o.has("land") {
		if l, ok := d.object(o.fields["land"], -1, o.field("land")); ok {
			l.known("terrain", "vegetation", "slope", "access", "land_use")
			for _, f := range [...]struct {
				name string
				dst  *string
			}{{"terrain", &a.Land.Terrain}, {"vegetation", &a.Land.Vegetation}, {"slope", &a.Land.Slope},
				{"access", &a.Land.Access}, {"land_use", &a.Land.Use}} {
				*f.dst, _ = l.str(f.name)
			}
		}
	}
	_, _ = o.str("comment")
	return a, len(d.errs) == n0
}

// costs reads {"currency", "per_m2": {method: price}, "per_team_day":
// {method: price}, "yearly_budget", "budgets": {"2028": amount}}.
func (d *fileDecoder) costs(o *object) *planning.Costs {
	o.known("currency", "per_m2", "per_team_day", "yearly_budget", "budgets", "comment")
	c := &planning.Costs{}
	c.Currency, _ = o.str("currency")
	_, _ = o.str("comment")
	prices := func(name string) map[planning.Method]float64 {
		if !o.has(name) {
			return nil
		}
		p, ok := d.object(o.fields[name], -1, o.field(name))
		if !ok {
			return nil
		}
		out := map[planning.Method]float64{}
		for _, k := range sortedKeys(p.fields) {
			m := methodNames[strings.ToLower(strings.TrimSpace(k))]
			if m == 0 {
				p.fail(k, fmt.Errorf("%w: %q: want manual, mdd, mechanical, nts or ts", planning.ErrInvalid, k))
				continue
			}
			if v, ok := p.num(k); ok {
				if v < 0 {
					p.fail(k, fmt.Errorf("%w: %v: want a price ≥ 0", planning.ErrInvalid, v))
				}
				out[m] = v
			}
		}
		return out
	}
	c.PerM2 = prices("per_m2")
	c.PerTeamDay = prices("per_team_day")
	if v, ok := o.num("yearly_budget"); ok {
		if !(v > 0) {
			o.fail("yearly_budget", fmt.Errorf("%w: %v: want a positive amount", planning.ErrInvalid, v))
		}
		c.Yearly = v
	}
	if o.has("budgets") {
		if b, ok := d.object(o.fields["budgets"], -1, o.field("budgets")); ok {
			c.Years = map[int]float64{}
			for _, k := range sortedKeys(b.fields) {
				y, err := strconv.Atoi(k)
				if err != nil || y < 1900 || y > 2999 {
					b.fail(k, fmt.Errorf("%w: %q: want a year", planning.ErrInvalid, k))
					continue
				}
				if v, ok := b.num(k); ok {
					if v < 0 {
						b.fail(k, fmt.Errorf("%w: %v: want an amount ≥ 0", planning.ErrInvalid, v))
					}
					c.Years[y] = v
				}
			}
		}
	}
	return c
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
