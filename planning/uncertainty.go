package planning

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults for [UncertaintyOptions].
const (
	// DefaultRuns is the number of Monte Carlo plans: enough for the 10th
	// and 90th percentiles to move by about a tenth of the band between
	// seeds, few enough for a national plan to stay within seconds.
	DefaultRuns = 20
	// DefaultMethodSigma is the standard deviation, in natural log, of the
	// productivity factor all teams of one method share in a run: how far
	// a whole programme's pace may be from the planning figure (ground,
	// vegetation, weather, density of devices). Manual clearance runs at
	// 10-50 m² a deminer-day around the 30 taken (HALO Trust): read as the
	// 5-95% range of a log-normal, that is σ = ln(50/30)/1.645 ≈ 0.31 for
	// a single deminer-day; a programme averages over many days and teams,
	// so 0.25 is taken.
	DefaultMethodSigma = 0.25
	// DefaultTeamSigma is the standard deviation, in natural log, of each
	// team's own productivity factor on top of its method's (crew,
	// equipment, supervision): 0.15, a team's month-to-month spread.
	DefaultTeamSigma = 0.15
	// DefaultShareSigma is the standard deviation, in logits, of the shift
	// every land release share (NTS cancellation, TS reduction) takes in a
	// run: 0.35, about ±8 percentage points at the default 32% NTS
	// cancellation. Landmine Monitor 2023 reports 32% cancelled, 24%
	// reduced and 44% cleared over the treaty States Parties together;
	// single programmes and years vary far more, so observed rates per
	// district should replace the defaults, and this spread says how much
	// the plan's dates hang on them.
	DefaultShareSigma = 0.35
)

// UncertaintyOptions sets [Simulate]. A nil *UncertaintyOptions means every
// default; each zero field means its default, and a negative sigma turns
// that source of uncertainty off.
type UncertaintyOptions struct {
	// Runs is the number of plans; 0 means DefaultRuns.
	Runs int
	// Seed seeds the draws (PCG with Seed and run number); 0 means 1.
	Seed uint64
	// MethodSigma, TeamSigma and ShareSigma are the spreads of the draws
	// (see DefaultMethodSigma, DefaultTeamSigma, DefaultShareSigma).
	MethodSigma, TeamSigma, ShareSigma float64
	// Budget is the scheduler's local improvement budget in each run
	// (Config.Budget); 0 means none (the ratio rule's order, fast on a
	// national plan), a positive value that many team look-ups.
	Budget int
	// Workers is the number of plans made at once; 0 means GOMAXPROCS.
	// The result is the same for any count.
	Workers int
	// Progress, if not nil, is called after each run with the runs done
	// and the total, from the calling goroutines (serialise it yourself).
	Progress func(done, total int)
}

// Quantiles are the 10th, 50th and 90th percentiles of a quantity over the
// runs of a [Simulate].
type Quantiles [3]float64

// P10, P50 and P90 name the indexes of [Quantiles].
const (
	P10 = 0
	P50 = 1
	P90 = 2
)

// Uncertainty is what [Simulate] found: the spread of a plan's dates when
// team productivity and the land release shares are drawn at random.
type Uncertainty struct {
	// Runs is the number of plans made; Options the settings used, with
	// their defaults filled in.
	Runs    int
	Options UncertaintyOptions
	// Start is the plans' start (working day 0).
	Start time.Time
	// LastReleaseDay gives the working day the last hectare is released,
	// and LastWorkDay the same as dates (midnight of the day, in the
	// calendar's location), at P10, P50 and P90.
	LastReleaseDay Quantiles
	LastWorkDay    [3]time.Time
	// UnitReleaseDay gives each unit's release day (working days from the
	// start, as UnitPlan.ReleaseDay), at P10, P50 and P90, index-aligned
	// with the units.
	UnitReleaseDay []Quantiles
	// UnitRelease gives the same as instants (as UnitPlan.Release: print
	// planning.LastWorkDayOf(Start, t) for the date).
	UnitRelease [][3]time.Time
	// Months are the first days of the months from the start's month to
	// the last P90 release, and Remaining the share of the plan's area
	// still contaminated at each month's end (1 at the start), at P10,
	// P50 and P90 of the runs: the band of a burn-down chart. A run's
	// area is its own units' area, the same in every run.
	Months    []time.Time
	Remaining []Quantiles
}

// withDefaults fills in the defaults.
func (o *UncertaintyOptions) withDefaults() UncertaintyOptions {
	var u UncertaintyOptions
	if o != nil {
		u = *o
	}
	if u.Runs == 0 {
		u.Runs = DefaultRuns
	}
	if u.Seed == 0 {
		u.Seed = 1
	}
	def := func(x *float64, d float64) {
		switch {
		case *x == 0:
			*x = d
		case *x < 0:
			*x = 0
		}
	}
	def(&u.MethodSigma, DefaultMethodSigma)
	def(&u.TeamSigma, DefaultTeamSigma)
	def(&u.ShareSigma, DefaultShareSigma)
	if u.Budget == 0 {
		u.Budget = -1
	}
	if u.Workers <= 0 {
		u.Workers = runtime.GOMAXPROCS(0)
	}
	return u
}

// Simulate plans the units Runs times with [Schedule], as a black box, each
// time with drawn team productivities and land release shares, and
// returns the 10th, 50th and 90th percentiles of the release dates.
//
// The draws of run r come from rand.New(rand.NewPCG(Seed, r)), in this
// order: one factor per method, exp(MethodSigma·z), shared by all its
// teams (a programme faster or slower than the planning figure); then one
// per team entry of teams, exp(TeamSigma·z), shared by its Count copies;
// then one shift ε = ShareSigma·z added in logits to every share of the
// policy (the default rates and every override: logit(r') = logit(r) + ε;
// shares of exactly 0 or 1 stay), z standard normal each time. The factors
// have median 1, so the P50 plan is close to, but not the same as, the
// plan of the figures as given. Each run schedules with cfg and
// Budget (no local improvement by default), so its plan may differ from
// the main plan's by the improvement too.
//
// The result is deterministic for a seed, whatever Workers. It returns
// Schedule's errors (naming the run) and ctx.Err() if ctx is done. Cost:
// Runs schedules, Workers at a time, plus O(Runs · (units + months))
// memory.
func Simulate(ctx context.Context, units []Unit, teams []Team, cfg *Config, opts *UncertaintyOptions) (*Uncertainty, error) {
	o := opts.withDefaults()
	if o.Runs < 0 || math.IsNaN(o.MethodSigma+o.TeamSigma+o.ShareSigma) || math.IsInf(o.MethodSigma+o.TeamSigma+o.ShareSigma, 0) {
		return nil, fmt.Errorf("planning: UncertaintyOptions: runs %d, sigmas %v, %v, %v: %w", o.Runs, o.MethodSigma, o.TeamSigma, o.ShareSigma, ErrInvalid)
	}
	var c Config
	if cfg != nil {
		c = *cfg
	}
	c.Budget = o.Budget
	c.Baseline = nil
	if o.Runs > 0 && ctx.Err() == nil {
		// Every run has the same units: check them once here, with the
		// error run 0 would give (Schedule checks the units first).
		if err := validateUnits(units); err != nil {
			return nil, fmt.Errorf("planning: Simulate: run 0: %w", err)
		}
		c.unitsValid = true
	}
	type result struct {
		start    time.Time
		last     float64
		release  []float64
		released []float64 // per month index, area released by the month's end (grows)
		months   []time.Time
		total    float64
	}
	res := make([]result, o.Runs)
	errs := make([]error, o.Runs)
	var next, done atomic.Int64
	var wg sync.WaitGroup
	for range min(o.Workers, max(o.Runs, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				r := int(next.Add(1) - 1)
				if r >= o.Runs || ctx.Err() != nil {
					return
				}
				rng := rand.New(rand.NewPCG(o.Seed, uint64(r)))
				ts, pol := drawRun(rng, teams, c.Policy, &o)
				rc := c
				rc.Policy = pol
				rc.draw = true
				p, err := Schedule(ctx, units, ts, &rc)
				if err != nil {
					errs[r] = fmt.Errorf("planning: Simulate: run %d: %w", r, err)
					return
				}
				rs := result{start: p.Start, last: p.LastReleaseDay, release: p.drawDay, total: p.TotalAreaM2}
				rs.months, rs.released = p.drawRelease()
				res[r] = rs
				if o.Progress != nil {
					o.Progress(int(done.Add(1)), o.Runs)
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	u := &Uncertainty{Runs: o.Runs, Options: o}
	if o.Runs == 0 {
		return u, nil
	}
	u.Start = res[0].start
	vals := make([]float64, o.Runs)
	for r := range res {
		vals[r] = res[r].last
	}
	u.LastReleaseDay = quantiles(vals)
	// Dates of the quantiles: the run whose last release day it is has
	// the date; a quantile between runs takes the nearer-rank run.
	tab := newWorkTable(&c.Calendar)
	for q := range u.LastWorkDay {
		u.LastWorkDay[q] = LastWorkDayOf(u.Start, tab.endDate(u.LastReleaseDay[q]))
	}
	u.UnitReleaseDay = make([]Quantiles, len(units))
	u.UnitRelease = make([][3]time.Time, len(units))
	for i := range units {
		for r := range res {
			vals[r] = res[r].release[i]
		}
		u.UnitReleaseDay[i] = quantiles(vals)
		for q := range u.UnitRelease[i] {
			u.UnitRelease[i][q] = tab.endDate(u.UnitReleaseDay[i][q])
		}
	}
	// The band: months from the first run's first month to the longest
	// run's last; a run that ended earlier has released everything.
	longest := 0
	for r := range res {
		if len(res[r].months) > len(res[longest].months) {
			longest = r
		}
	}
	u.Months = slices.Clone(res[longest].months)
	u.Remaining = make([]Quantiles, len(u.Months))
	for m := range u.Months {
		for r := range res {
			rem := 0.0
			if m < len(res[r].released) && res[r].total > 0 {
				rem = 1 - res[r].released[m]/res[r].total
			}
			vals[r] = max(rem, 0)
		}
		u.Remaining[m] = quantiles(vals)
	}
	return u, nil
}

// drawRun draws one run's teams and policy (see Simulate).
func drawRun(rng *rand.Rand, teams []Team, pol *Policy, o *UncertaintyOptions) ([]Team, *Policy) {
	var method [MethodTS + 1]float64
	for m := range method {
		method[m] = math.Exp(o.MethodSigma * rng.NormFloat64())
	}
	ts := slices.Clone(teams)
	for i := range ts {
		f := math.Exp(o.TeamSigma * rng.NormFloat64())
		if int(ts[i].Method) < len(method) {
			f *= method[ts[i].Method]
		}
		ts[i].M2PerDay = max(ts[i].Rate()*f, MinM2PerDay) // a slow draw stays within Schedule's limit
	}
	eps := o.ShareSigma * rng.NormFloat64()
	shift := func(r Rates) Rates {
		return Rates{NTSCancel: logitShift(r.NTSCancel, eps), TSReduceSHA: logitShift(r.TSReduceSHA, eps), TSReduceCHA: logitShift(r.TSReduceCHA, eps)}
	}
	out := &Policy{}
	d := pol.Rates("")
	if pol != nil && pol.Default != nil {
		d = *pol.Default
	}
	d = shift(d)
	out.Default = &d
	if pol != nil && len(pol.Overrides) > 0 {
		out.Overrides = make(map[string]Rates, len(pol.Overrides))
		for k, r := range pol.Overrides {
			out.Overrides[k] = shift(r)
		}
	}
	return ts, out
}

// logitShift moves a share by eps in logits; 0 and 1 stay.
func logitShift(r, eps float64) float64 {
	if !(r > 0 && r < 1) {
		return r
	}
	l := math.Log(r/(1-r)) + eps
	return 1 / (1 + math.Exp(-l))
}

// quantiles returns the 10th, 50th and 90th percentiles of v by nearest
// rank (the ⌈q·n⌉-th smallest); v is sorted in place.
func quantiles(v []float64) Quantiles {
	slices.Sort(v)
	n := len(v)
	at := func(q float64) float64 { return v[min(max(int(math.Ceil(q*float64(n)))-1, 0), n-1)] }
	return Quantiles{at(0.1), at(0.5), at(0.9)}
}
