package planning

import (
	"fmt"
	"math"
	"slices"

	"github.com/landrelease/clearance/geo"
)

// StepKind is a land release activity (IMAS 07.11).
type StepKind uint8

const (
	// NTS is non-technical survey: information gathering that cancels land.
	NTS StepKind = iota + 1
	// TS is technical survey: physical checks that reduce a hazard.
	TS
	// Clearance removes every item to a set depth.
	Clearance
)

// String returns "NTS", "TS" or "clearance".
func (k StepKind) String() string {
	switch k {
	case NTS:
		return "NTS"
	case TS:
		return "TS"
	case Clearance:
		return "clearance"
	}
	return fmt.Sprintf("StepKind(%d)", uint8(k))
}

// Rates are the expected shares of land each step releases. Every share is
// in [0, 1].
//
// The defaults come from Landmine Monitor 2023: of the land treaty States
// Parties released in 2022, 32% was cancelled, 24% reduced and 44% cleared.
// Read as the fate of a suspected area that goes through every step, NTS
// cancels 32% of it; of the 68% that NTS leaves, TS reduces 24/68 ≈ 35.3%;
// clearance processes the remaining 44%. A CHA skips NTS; its polygon is
// already tight from direct evidence, but the Monitor does not split its
// figures by kind, so TS reduces the same 24/68 of a CHA by default. Observed
// rates (per district, per operator) should replace these when known.
type Rates struct {
	// NTSCancel is the share of an SHA's area that non-technical survey
	// cancels. Default 0.32.
	NTSCancel float64
	// TSReduceSHA is the share of what NTS leaves of an SHA that technical
	// survey reduces. Default 24/68 ≈ 0.353.
	TSReduceSHA float64
	// TSReduceCHA is the share of a CHA's area that technical survey
	// reduces. Default 24/68 ≈ 0.353.
	TSReduceCHA float64
}

// DefaultRates returns the Landmine Monitor 2023 rates documented on [Rates].
func DefaultRates() Rates {
	return Rates{NTSCancel: 0.32, TSReduceSHA: 0.24 / 0.68, TSReduceCHA: 0.24 / 0.68}
}

// Validate reports a share outside [0, 1] (or NaN), wrapping [ErrInvalid].
func (r Rates) Validate() error {
	for _, f := range [...]struct {
		name string
		v    float64
	}{{"NTSCancel", r.NTSCancel}, {"TSReduceSHA", r.TSReduceSHA}, {"TSReduceCHA", r.TSReduceCHA}} {
		if !(f.v >= 0 && f.v <= 1) {
			return fmt.Errorf("%s = %v: %w: a share must be in [0, 1]", f.name, f.v, ErrInvalid)
		}
	}
	return nil
}

// Policy is a land release policy: the rates at which each step releases
// land, by default and per district. The zero value (and a nil *Policy) uses
// [DefaultRates] everywhere.
type Policy struct {
	// Default are the rates for units whose district has no override; nil
	// means DefaultRates().
	Default *Rates
	// Overrides maps a district (Unit.District) to its observed rates. The
	// rates are used as given: a zero share is zero.
	Overrides map[string]Rates
}

// Rates returns the rates that apply in a district. Cost: one map look-up.
func (p *Policy) Rates(district string) Rates {
	if p != nil {
		if r, ok := p.Overrides[district]; ok {
			return r
		}
		if p.Default != nil {
			return *p.Default
		}
	}
	return DefaultRates()
}

// Validate checks the default rates and every override (in sorted district
// order, so the error is deterministic).
func (p *Policy) Validate() error {
	if p == nil {
		return nil
	}
	if p.Default != nil {
		if err := p.Default.Validate(); err != nil {
			return fmt.Errorf("planning: policy default: %w", err)
		}
	}
	keys := make([]string, 0, len(p.Overrides))
	for k := range p.Overrides {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if err := p.Overrides[k].Validate(); err != nil {
			return fmt.Errorf("planning: policy override %q: %w", k, err)
		}
	}
	return nil
}

// Step is one land release activity on a unit: the area it processes (the
// ground the team works over) and the area it is expected to release.
type Step struct {
	Kind StepKind
	// AreaM2 is the area the step processes, in m².
	AreaM2 float64
	// ReleasedM2 is the area the step is expected to release, in m²:
	// cancelled for NTS, reduced for TS, cleared for clearance.
	ReleasedM2 float64
}

// Outcome is the expected fate of a unit's area, in m². The three add up
// to the unit's area (to rounding).
type Outcome struct {
	CancelledM2, ReducedM2, ClearedM2 float64
}

// Steps returns the steps a unit goes through, in order, with the area each
// processes and releases: NTS (SHA only) processes the whole area and
// cancels Rates.NTSCancel of it; TS processes what is left and reduces its
// share; clearance processes and clears the rest. A step that would process
// no area, or (NTS and TS) release none, is left out: a share of 0 means the
// step is not done. A unit of zero area has no steps. A unit whose survey
// is done (Unit.Done) skips it and the steps before: its AreaM2 is then
// what the next step processes. A unit with a step under way
// (Unit.StartedM2) has that area taken off its first step's AreaM2 (never
// below 0); its ReleasedM2 stays the whole step's. Cost: O(1), one small
// allocation.
func (p *Policy) Steps(u Unit) []Step {
	st, n := p.steps(&u)
	return slices.Clone(st[:n])
}

// Outcome returns the expected area cancelled, reduced and cleared of a
// unit. Cost: O(1).
func (p *Policy) Outcome(u Unit) Outcome {
	st, n := p.steps(&u)
	return outcomeOf(st[:n])
}

func outcomeOf(steps []Step) Outcome {
	var o Outcome
	for _, s := range steps {
		switch s.Kind {
		case NTS:
			o.CancelledM2 += s.ReleasedM2
		case TS:
			o.ReducedM2 += s.ReleasedM2
		case Clearance:
			o.ClearedM2 += s.ReleasedM2
		}
	}
	return o
}

// steps is Steps without allocation.
func (p *Policy) steps(u *Unit) (st [3]Step, n int) {
	r := p.Rates(u.District)
	left := u.AreaM2
	if !(left > 0) || math.IsInf(left, 0) {
		return st, 0
	}
	reduce := r.TSReduceCHA
	if u.Kind == geo.SHA {
		reduce = r.TSReduceSHA
	}
	if u.Kind == geo.SHA && u.Done < NTS {
		if c := left * r.NTSCancel; c > 0 {
			st[n] = Step{Kind: NTS, AreaM2: left, ReleasedM2: c}
			n++
			left -= c
		}
	}
	if left > 0 && u.Done < TS {
		if red := left * reduce; red > 0 {
			st[n] = Step{Kind: TS, AreaM2: left, ReleasedM2: red}
			n++
			left -= red
		}
	}
	if left > 0 {
		st[n] = Step{Kind: Clearance, AreaM2: left, ReleasedM2: left}
		n++
	}
	if n > 0 && u.StartedM2 > 0 {
		st[0].AreaM2 = max(0, st[0].AreaM2-u.StartedM2)
	}
	return st, n
}
