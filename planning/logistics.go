package planning

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/landrelease/clearance/geo"
)

// Camp is a named place where teams can live while they work: a forward
// camp of [Logistics], or (in [Plan].Camps) a base or a fly camp.
type Camp struct {
	// Name labels the camp in plans; forward camps must have unique,
	// non-empty names.
	Name string
	// Kind says whether the camp is a team's base, a forward camp or a fly
	// camp at a unit.
	Kind CampKind
	// LonLat is the camp in WGS84, for reports.
	LonLat geo.LonLat
	// XY is the camp in the projected metres of Unit.Centre; nil until
	// [ProjectCamps] sets it (Schedule refuses a forward camp without it).
	XY *geo.XY
}

// CampKind is the kind of a [Camp].
type CampKind uint8

const (
	// CampForward is a forward camp named in Logistics.Camps.
	CampForward CampKind = iota
	// CampBase is a team's base (Team.Base).
	CampBase
	// CampFly is a fly camp at a unit's centre, set up when no base or
	// forward camp is within the commute limit of the unit.
	CampFly
)

// String returns "forward camp", "base" or "fly camp".
func (k CampKind) String() string {
	switch k {
	case CampForward:
		return "forward camp"
	case CampBase:
		return "base"
	case CampFly:
		return "fly camp"
	}
	return fmt.Sprintf("CampKind(%d)", uint8(k))
}

// Logistics is team logistics ([Config].Logistics): the forward camps
// teams may move to, the daily commute limit and the cost of a move. The
// zero value has no commute limit, so no team ever moves.
//
// # Model
//
// Mine action teams live in field camps near their tasks: a team's base,
// a forward camp set up near a cluster of tasks, or a fly camp (tents) at
// the task itself. A team drives from its camp to the unit each working
// day; operators avoid a daily commute of more than about 1 to 1.5 hours
// each way on rural roads, and moving a camp (striking it, moving and
// setting it up again) takes one to three days. These figures are
// illustrative assumptions, not a standard; every one is a parameter.
//
// With [Config].Logistics set and a commute limit for the team
// (Logistics.CommuteKm or Team.CommuteKm, straight-line km from the camp to
// the unit's centre), each team has a current camp, its base at the start
// of the plan. For each job of the team:
//
//   - if the unit's centre is within the commute limit of the current camp,
//     the job is charged the travel from that camp, as a job is charged the
//     travel from the base without logistics (distance / TravelKmPerDay,
//     once per job);
//   - otherwise the team first moves: to the camp nearest the unit among
//     its own base and the forward camps (Logistics.Camps) within the limit
//     of the unit, or, when there is none, to a fly camp at the unit's
//     centre. The move costs Logistics.RelocationDays plus the straight-line
//     distance between the camps at TravelKmPerDay; then the job is charged
//     the travel from the new camp, which stays the team's camp for its
//     next jobs.
//
// So a team never works a unit beyond its commute limit from the camp of
// that job. A team without a base (Team.Base nil) or without a commute
// limit never moves and is charged the travel from its base, as without
// logistics; a nil Logistics (or one without any commute limit) gives
// exactly the plan without logistics. A team's own limit (Team.CommuteKm)
// turns logistics on even with a nil Config.Logistics (no forward camp
// then, and no set-up days). Moves are part of the job that
// follows them: the team is busy from the job's start (the move first,
// then the travel, then the work), and closures pause them as they pause
// the work.
type Logistics struct {
	// Camps are the forward camps, each with a unique name and XY set.
	Camps []Camp
	// CommuteKm is the daily commute limit of every team without its own
	// (Team.CommuteKm), in straight-line km from the camp to a unit's
	// centre; 0 means no limit.
	CommuteKm float64
	// RelocationDays is the fixed cost of a move in working days (striking
	// and setting up the camp), ≥ 0; the drive itself is added at
	// Config.TravelKmPerDay.
	RelocationDays float64
}

// ProjectCamps returns a copy of l whose camps have XY set to p.Forward of
// their LonLat. nil gives nil; l is not modified. Cost O(len(l.Camps)).
// It panics if p is nil.
func ProjectCamps(l *Logistics, p geo.Projection) *Logistics {
	if p == nil {
		panic("planning: ProjectCamps with a nil projection")
	}
	if l == nil {
		return nil
	}
	out := *l
	out.Camps = slices.Clone(l.Camps)
	for i := range out.Camps {
		xy := p.Forward(out.Camps[i].LonLat)
		out.Camps[i].XY = &xy
	}
	return &out
}

// Validate checks the logistics: limits and relocation days finite and ≥
// 0, every camp named (uniquely), of kind CampForward and projected with
// finite XY. A nil Logistics is valid. The error is a [*TeamError] with
// Index −1 naming the field ("Logistics.Camps[2].XY"), wrapping
// [ErrInvalid] or [ErrMissing].
func (l *Logistics) Validate() error {
	if l == nil {
		return nil
	}
	bad := func(field string, err error) error {
		return &TeamError{Index: -1, Field: "Logistics." + field, Err: err}
	}
	if !nonNegative(l.CommuteKm) {
		return bad("CommuteKm", fmt.Errorf("%w: %v", ErrInvalid, l.CommuteKm))
	}
	if !nonNegative(l.RelocationDays) {
		return bad("RelocationDays", fmt.Errorf("%w: %v", ErrInvalid, l.RelocationDays))
	}
	seen := make(map[string]int, len(l.Camps))
	for i := range l.Camps {
		c := &l.Camps[i]
		field := fmt.Sprintf("Camps[%d]", i)
		switch {
		case c.Name == "":
			return bad(field+".Name", ErrMissing)
		case c.Kind != CampForward:
			return bad(field+".Kind", fmt.Errorf("%w: %s: want a forward camp", ErrInvalid, c.Kind))
		case c.XY == nil:
			return bad(field+".XY", fmt.Errorf("%w: camp %q is not projected (see ProjectCamps)", ErrMissing, c.Name))
		case !finiteXY(*c.XY):
			return bad(field+".XY", fmt.Errorf("%w: %v", ErrInvalid, *c.XY))
		}
		if j, dup := seen[c.Name]; dup {
			return bad(field+".Name", fmt.Errorf("%w: %q is also camp %d", ErrInvalid, c.Name, j))
		}
		seen[c.Name] = i
	}
	return nil
}

// commuteM returns team t's commute limit in metres under l (which may be
// nil): its own, or l's default; 0 for none (no limit, or a team without a
// base).
func (l *Logistics) commuteM(t *Team) float64 {
	switch {
	case t.Base == nil:
		return 0
	case t.CommuteKm > 0:
		return t.CommuteKm * 1000
	case l != nil:
		return l.CommuteKm * 1000
	}
	return 0
}

// on reports whether some team has a commute limit, and so may move.
func (l *Logistics) on(teams []Team) bool {
	for i := range teams {
		if l.commuteM(&teams[i]) > 0 {
			return true
		}
	}
	return false
}

func finiteXY(p geo.XY) bool {
	return !math.IsNaN(p.X) && !math.IsInf(p.X, 0) && !math.IsNaN(p.Y) && !math.IsInf(p.Y, 0)
}

func dist(a, b geo.XY) float64 { return math.Hypot(a.X-b.X, a.Y-b.Y) }

// logModel is the logistics of a scheduling model (nil without logistics).
// Camps are numbered: the distinct team bases (in team order), then the
// forward camps, then a fly camp per unit (camp len(camps)+u at unit u's
// centre).
type logModel struct {
	commute   []float64 // per team, its commute limit in metres; 0: it never moves
	home      []int32   // per team, the camp of its base; −1 without a base
	camps     []Camp    // bases, then forward camps, then the fly camps of teams' positions (XY set)
	nbase     int       // camps[:nbase] are bases
	nfwd      int       // camps[nbase:nfwd] are forward camps (see TeamPosition for the rest)
	centre    []geo.XY  // per unit, its centre (the fly camp's position)
	mPerDay   float64   // travel speed, metres per working day
	relocDays float64   // fixed days of a move
	// near[u] is the least distance from unit u's centre to a forward camp
	// or to a unit where some team may set up a fly camp (no base or
	// forward camp within its limit): with the team's base, the camps any
	// team may work u from (see minTravel).
	near []float64
}

// newLogModel returns the logistics of a plan of units on teams (Count
// expanded; entries are the teams as given, which name the bases), or nil
// if no team has a commute limit. l must be valid.
func newLogModel(units []Unit, teams, entries []Team, l *Logistics, kmPerDay float64) *logModel {
	if !l.on(teams) {
		return nil
	}
	if l == nil {
		l = &Logistics{} // the teams' own limits: no forward camp, no set-up days
	}
	lg := &logModel{commute: make([]float64, len(teams)), home: make([]int32, len(teams)),
		centre: make([]geo.XY, len(units)), mPerDay: kmPerDay * 1000, relocDays: l.RelocationDays}
	baseOf := func(p geo.XY) int32 {
		for c := range lg.camps {
			if *lg.camps[c].XY == p {
				return int32(c)
			}
		}
		return -1
	}
	for i := range entries {
		t := &entries[i]
		if t.Base == nil || baseOf(*t.Base) >= 0 {
			continue
		}
		name := t.Name
		if name == "" {
			name = t.Method.String()
		}
		xy := *t.Base
		lg.camps = append(lg.camps, Camp{Name: "base of " + name, Kind: CampBase, LonLat: t.BaseLonLat, XY: &xy})
	}
	lg.nbase = len(lg.camps)
	lg.camps = append(lg.camps, l.Camps...)
	lg.nfwd = len(lg.camps)
	for k := range teams {
		lg.home[k] = -1
		if teams[k].Base != nil {
			lg.home[k] = baseOf(*teams[k].Base)
			lg.commute[k] = l.commuteM(&teams[k])
		}
	}
	for u := range units {
		lg.centre[u] = units[u].Centre
	}
	lg.near = lg.nearest()
	return lg
}

// pos returns the position of camp c.
func (lg *logModel) pos(c int32) geo.XY {
	if int(c) < len(lg.camps) {
		return *lg.camps[c].XY
	}
	return lg.centre[int(c)-len(lg.camps)]
}

// move returns where team k, camped at camp, works unit u from and what it
// costs: the camp of the job, its travel and the move's days (0 if it
// stays). A team within its limit of u, or without a limit, stays; else it
// moves to the nearest of its base and the forward camps within its limit
// of u (ties to the lower index), or to a fly camp at u.
func (lg *logModel) move(k int, camp int32, u int) (to int32, travel, reloc float64) {
	x := lg.centre[u]
	lim := lg.commute[k]
	if camp < 0 {
		return camp, 0, 0 // no base: no travel, as without logistics
	}
	if d := dist(lg.pos(camp), x); lim == 0 || d <= lim {
		return camp, d / lg.mPerDay, 0
	}
	to, best := int32(len(lg.camps)+u), 0.0 // the fly camp
	consider := func(c int32) {
		if d := dist(*lg.camps[c].XY, x); d <= lim && (to >= int32(len(lg.camps)) || d < best) {
			to, best = c, d
		}
	}
	consider(lg.home[k])
	for c := lg.nbase; c < lg.nfwd; c++ {
		consider(int32(c))
	}
	return to, best / lg.mPerDay, lg.relocDays + dist(lg.pos(camp), lg.pos(to))/lg.mPerDay
}

// minTravel is the least travel, in working days, of any job on unit u by
// a team whose base is at base: from its base, from a forward camp or from
// a fly camp (see the bound's Logistics paragraph in LowerBound).
func (lg *logModel) minTravel(base geo.XY, u int) float64 {
	return min(dist(base, lg.centre[u]), lg.near[u]) / lg.mPerDay
}

// maxFlyPairs bounds the work of nearest: past it, a unit's distance to
// the fly camps is taken as 0 (a weaker bound, still valid).
const maxFlyPairs = 50_000_000

// nearest returns near (see logModel). A fly camp may stand at unit v if
// some team with a limit has neither its base nor a forward camp within
// its limit of v. Cost O(n·(P + F) + n·V) for P distinct (base, limit)
// pairs of the teams, F forward camps and V such units (bounded by
// maxFlyPairs).
func (lg *logModel) nearest() []float64 {
	n := len(lg.centre)
	near := make([]float64, n)
	type homeLim struct {
		home int32
		lim  float64
	}
	var pairs []homeLim // the distinct (base, limit) of the teams with a limit
	for k, lim := range lg.commute {
		if p := (homeLim{lg.home[k], lim}); lim > 0 && !slices.Contains(pairs, p) {
			pairs = append(pairs, p)
		}
	}
	var fly []geo.XY
	for v := range n {
		x := lg.centre[v]
		near[v] = math.Inf(1)
		for c := lg.nbase; c < lg.nfwd; c++ {
			near[v] = min(near[v], dist(*lg.camps[c].XY, x))
		}
		for _, p := range pairs {
			if dist(*lg.camps[p.home].XY, x) > p.lim && near[v] > p.lim {
				fly = append(fly, x)
				break
			}
		}
	}
	if len(fly) > 0 && n*len(fly) > maxFlyPairs {
		clear(near)
		return near
	}
	for u := range n {
		for _, f := range fly {
			near[u] = min(near[u], dist(f, lg.centre[u]))
		}
	}
	return near
}

// groupTol is how close, as a factor, the ratios of units must be for the
// ratio rule to put neighbouring units together with logistics on (see
// groupNeighbours). A variable only so that TestGroupNeighboursMeasure can
// vary it. Measured (benchmarks/README.md, "Team logistics"): on dispersed
// synthetic instances, grouping with 0.5 lowers the cost by 18-29% and the
// moves by 33-62% against no grouping; on the compact Aghdam main job it
// costs 0.4% more with 19% fewer moves.
var groupTol = 0.5

// groupNeighbours reorders order (sorted by tier, then by ratio, highest
// first) so that units of close ratios lie together when they are near
// each other: it cuts the order into bands of one tier whose ratios are
// within a factor 1 + groupTol of the band's first, and sorts each band,
// stably, by the Hilbert curve index of the square of side cellM its
// unit's centre lies in. A team that works a unit then finds the next ones
// of similar worth within its reach, rather than crossing the district
// between two units of nearly the same ratio. Cost O(n log n).
func groupNeighbours(order []int, ratio []float64, tier []int, centre []geo.XY, cellM float64) {
	if len(order) == 0 || !(cellM > 0) {
		return
	}
	minX, minY := math.Inf(1), math.Inf(1)
	for _, u := range order {
		minX, minY = min(minX, centre[u].X), min(minY, centre[u].Y)
	}
	key := make(map[int]uint64, len(order))
	for _, u := range order {
		cx := min(uint64(max((centre[u].X-minX)/cellM, 0)), 1<<16-1)
		cy := min(uint64(max((centre[u].Y-minY)/cellM, 0)), 1<<16-1)
		key[u] = hilbert(16, cx, cy)
	}
	for i := 0; i < len(order); {
		j := i + 1
		for j < len(order) && tier[order[j]] == tier[order[i]] && ratio[order[j]]*(1+groupTol) >= ratio[order[i]] {
			j++
		}
		band := order[i:j]
		slices.SortStableFunc(band, func(a, b int) int { return cmp.Compare(key[a], key[b]) })
		i = j
	}
}

// hilbert returns the index of cell (x, y) along the Hilbert curve over a
// 2^order × 2^order grid.
func hilbert(order uint, x, y uint64) uint64 {
	n := uint64(1) << order
	var d uint64
	for s := n / 2; s > 0; s /= 2 {
		var rx, ry uint64
		if x&s != 0 {
			rx = 1
		}
		if y&s != 0 {
			ry = 1
		}
		d += s * s * ((3 * rx) ^ ry)
		if ry == 0 {
			if rx == 1 {
				x, y = n-1-x, n-1-y
			}
			x, y = y, x
		}
	}
	return d
}

// groupOn turns groupNeighbours on (tests measure without it).
var groupOn = true

// cellM is the side of groupNeighbours' squares: the least commute limit
// of a team that has one.
func (lg *logModel) cellM() float64 {
	c := math.Inf(1)
	for _, lim := range lg.commute {
		if lim > 0 {
			c = min(c, lim)
		}
	}
	return c
}

// logJob sets job jb's camp, move and travel from choice c (from: the
// team's camp before it), adding a fly camp to p.Camps on its first use,
// and counts the move.
func (p *Plan) logJob(lg *logModel, jb *Job, c *choice, from int32, units []Unit) {
	if c.camp < 0 {
		return // a team without a base: no camp
	}
	jb.TravelDays = c.travel
	jb.Camp = int(c.camp)
	if int(c.camp) >= len(lg.camps) {
		i, ok := p.flyCamp[c.camp]
		if !ok {
			u := int(c.camp) - len(lg.camps)
			xy := lg.centre[u]
			i = len(p.Camps)
			p.Camps = append(p.Camps, Camp{Name: "fly camp at " + jb.UnitID, Kind: CampFly, LonLat: units[u].LonLat, XY: &xy})
			p.flyCamp[c.camp] = i
		}
		jb.Camp = i
	}
	if c.camp != from {
		jb.Moved, jb.RelocationDays = true, c.reloc
		p.Moves++
		p.RelocationDays += c.reloc
	}
}
