package planning

import (
	"fmt"
	"math"
	"slices"

	"github.com/landrelease/clearance/geo"
)

// Method is how a team works. NTS teams do non-technical survey, TS teams
// technical survey; manual, dog and mechanical teams clear.
type Method uint8

const (
	// MethodManual is a manual clearance team of deminers.
	MethodManual Method = iota + 1
	// MethodMDD is a mine detection dog team (a dog pair and handlers).
	MethodMDD
	// MethodMechanical is a machine (flail, tiller) with the manual
	// follow-up crew it needs.
	MethodMechanical
	// MethodNTS is a non-technical survey team.
	MethodNTS
	// MethodTS is a technical survey team.
	MethodTS
)

// Default productivities, in m² per working day. Their sources are in
// ARCHITECTURE.md ("Where the numbers come from"); every one is
// overridable per team through Team.M2PerDay.
const (
	// DefaultDeminers is the size of a manual team when Team.Deminers is 0.
	DefaultDeminers = 10
	// ManualM2PerDeminerDay is one deminer's pace: HALO Trust gives 10-50
	// m² per deminer per day; 30 is the middle.
	ManualM2PerDeminerDay = 30.0
	// MDDM2PerDay is a mine detection dog pair: about 800-900 m² per day
	// (NATO SFOR, Bosnia).
	MDDM2PerDay = 850.0
	// MechanicalM2PerDay is a machine with its follow-up crew. A flail or
	// tiller alone does several thousand m² a day (5,000 is typical) but
	// needs manual follow-up; the pair is modelled as one team whose pace
	// is set by both, 3,000 m² a day by default.
	MechanicalM2PerDay = 3000.0
	// NTSM2PerDay is a non-technical survey team: 5 ha a day of suspected
	// land visited, mapped and interviewed over.
	NTSM2PerDay = 50000.0
	// TSM2PerDay is a technical survey team: 0.8 ha a day, far faster
	// than clearance per m² because it samples rather than clears.
	TSM2PerDay = 8000.0
)

// String returns "manual", "MDD", "mechanical", "NTS" or "TS".
func (m Method) String() string {
	switch m {
	case MethodManual:
		return "manual"
	case MethodMDD:
		return "MDD"
	case MethodMechanical:
		return "mechanical"
	case MethodNTS:
		return "NTS"
	case MethodTS:
		return "TS"
	}
	return fmt.Sprintf("Method(%d)", uint8(m))
}

// Does reports whether a team of this method can do a step.
func (m Method) Does(k StepKind) bool {
	switch k {
	case NTS:
		return m == MethodNTS
	case TS:
		return m == MethodTS
	case Clearance:
		return m == MethodManual || m == MethodMDD || m == MethodMechanical
	}
	return false
}

// Team is a survey or clearance team, or Count identical ones.
type Team struct {
	// Name labels the team in plans; empty names become "<method> <k>".
	Name   string
	Method Method
	// M2PerDay is the area the team processes per working day, in m²; 0
	// means the method's default: Deminers × ManualM2PerDeminerDay for a
	// manual team, MDDM2PerDay, MechanicalM2PerDay, NTSM2PerDay or
	// TSM2PerDay.
	M2PerDay float64
	// Deminers is the size of a manual team, used only when M2PerDay is 0;
	// 0 means DefaultDeminers.
	Deminers int
	// Count is how many identical teams this entry stands for; 0 means 1.
	// A plan lists them one by one, named Name-1 … Name-Count.
	Count int
	// Base is where the team starts each job from, in the projected metres
	// of Unit.Centre; nil means travel is not counted for this team.
	Base *geo.XY
	// BaseLonLat is the base in WGS84, for reports.
	BaseLonLat geo.LonLat
	// CommuteKm is the team's daily commute limit in straight-line km from
	// its camp to a unit's centre, used with Config.Logistics (see
	// Logistics); 0 means Logistics.CommuteKm.
	CommuteKm float64
	// Closures are the periods when the team does not work (leave,
	// another task, its own season). A job that meets one pauses.
	Closures []Closure
}

// Rate returns the team's productivity in m² per working day: M2PerDay, or
// the method's default. It returns 0 for an unknown method.
func (t *Team) Rate() float64 {
	if t.M2PerDay > 0 {
		return t.M2PerDay
	}
	switch t.Method {
	case MethodManual:
		d := t.Deminers
		if d <= 0 {
			d = DefaultDeminers
		}
		return float64(d) * ManualM2PerDeminerDay
	case MethodMDD:
		return MDDM2PerDay
	case MethodMechanical:
		return MechanicalM2PerDay
	case MethodNTS:
		return NTSM2PerDay
	case MethodTS:
		return TSM2PerDay
	}
	return 0
}

// TravelDays returns the working days a job at a unit centre adds for the
// team: the straight-line distance from its base divided by kmPerDay. It is
// 0 when the team has no base. It panics if kmPerDay is not positive.
func (t *Team) TravelDays(centre geo.XY, kmPerDay float64) float64 {
	if !(kmPerDay > 0) {
		panic("planning: TravelDays: kmPerDay must be positive")
	}
	if t.Base == nil {
		return 0
	}
	return math.Hypot(centre.X-t.Base.X, centre.Y-t.Base.Y) / (kmPerDay * 1000)
}

func validateTeams(teams []Team) error {
	for i := range teams {
		t := &teams[i]
		bad := func(field string, err error) error {
			return &TeamError{Index: i, Name: t.Name, Field: field, Err: err}
		}
		switch {
		case t.Method < MethodManual || t.Method > MethodTS:
			return bad("Method", fmt.Errorf("%w: unknown method %d", ErrInvalid, t.Method))
		case !nonNegative(t.M2PerDay):
			return bad("M2PerDay", fmt.Errorf("%w: %v", ErrInvalid, t.M2PerDay))
		case t.Deminers < 0:
			return bad("Deminers", fmt.Errorf("%w: %d", ErrInvalid, t.Deminers))
		case t.Count < 0:
			return bad("Count", fmt.Errorf("%w: %d", ErrInvalid, t.Count))
		case !nonNegative(t.CommuteKm):
			return bad("CommuteKm", fmt.Errorf("%w: %v", ErrInvalid, t.CommuteKm))
		case t.Base != nil && (math.IsNaN(t.Base.X) || math.IsInf(t.Base.X, 0) || math.IsNaN(t.Base.Y) || math.IsInf(t.Base.Y, 0)):
			return bad("Base", fmt.Errorf("%w: %v", ErrInvalid, *t.Base))
		}
		for j := range t.Closures {
			if err := t.Closures[j].validate(); err != nil {
				return bad(fmt.Sprintf("Closures[%d]", j), err)
			}
		}
	}
	return nil
}

// expandTeams lists the teams one by one (Count copies each, Count set to 1)
// with unique-enough names, in input order.
func expandTeams(teams []Team) []Team {
	n := 0
	for i := range teams {
		n += max(teams[i].Count, 1)
	}
	out := make([]Team, 0, n)
	for i := range teams {
		c := max(teams[i].Count, 1)
		for j := range c {
			t := teams[i]
			t.Count = 1
			switch {
			case t.Name == "":
				t.Name = fmt.Sprintf("%s %d", t.Method, len(out)+1)
			case c > 1:
				t.Name = fmt.Sprintf("%s-%d", t.Name, j+1)
			}
			out = append(out, t)
		}
	}
	return out
}

// ProjectBases returns a copy of teams in which every team with a base
// (BaseLonLat other than lon 0, lat 0) has Base set to p.Forward of it, in
// the projected metres of the units' centres; the others keep Base as is.
// teams is not modified; nil gives nil. Cost O(len(teams)).
// It panics if p is nil.
func ProjectBases(teams []Team, p geo.Projection) []Team {
	if p == nil {
		panic("planning: ProjectBases with a nil projection")
	}
	out := slices.Clone(teams)
	for i := range out {
		if out[i].BaseLonLat != (geo.LonLat{}) {
			xy := p.Forward(out[i].BaseLonLat)
			out[i].Base = &xy
		}
	}
	return out
}
