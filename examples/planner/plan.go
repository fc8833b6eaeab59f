package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/planning/planfile"
	"github.com/landrelease/clearance/planning/report"
	"github.com/landrelease/clearance/risk"
)

const planSummary = "score the hectares, then plan survey and clearance for a team set and write the reports"

const planExample = `  planner plan -hazards hazards.geojson -incidents incidents.csv \
      -villages villages.csv -teams teams.json -block 500 -out plan/`

// policyFlags are the land release rates a user may set on the command
// line; a flag left out keeps the teams file's policy or the library's
// default.
type policyFlags struct {
	ntsCancel, tsReduceSHA, tsReduceCHA float64
	given                               map[string]bool // the flags given on the command line, by name
}

// rateFlag is one rate flag: its name, its value and where it goes.
type rateFlag struct {
	name string
	v    float64
	dst  func(*planning.Rates) *float64
}

func (pf *policyFlags) flags() [3]rateFlag {
	return [3]rateFlag{
		{"nts-cancel", pf.ntsCancel, func(r *planning.Rates) *float64 { return &r.NTSCancel }},
		{"ts-reduce-sha", pf.tsReduceSHA, func(r *planning.Rates) *float64 { return &r.TSReduceSHA }},
		{"ts-reduce-cha", pf.tsReduceCHA, func(r *planning.Rates) *float64 { return &r.TSReduceCHA }},
	}
}

func (pf *policyFlags) register(fs *flag.FlagSet) {
	d := planning.DefaultRates()
	fs.Float64Var(&pf.ntsCancel, "nts-cancel", 0, fmt.Sprintf("`share` of a suspected area that non-technical survey cancels, 0 to 1 (default %.3f, or the teams file's)", d.NTSCancel))
	fs.Float64Var(&pf.tsReduceSHA, "ts-reduce-sha", 0, fmt.Sprintf("`share` of what NTS leaves of a suspected area that technical survey reduces, 0 to 1 (default %.3f, or the teams file's)", d.TSReduceSHA))
	fs.Float64Var(&pf.tsReduceCHA, "ts-reduce-cha", 0, fmt.Sprintf("`share` of a confirmed area that technical survey reduces, 0 to 1 (default %.3f, or the teams file's)", d.TSReduceCHA))
}

// givenFlags returns the names of the flags of fs given on the command
// line; call it after fs.Parse.
func givenFlags(fs *flag.FlagSet) map[string]bool {
	given := make(map[string]bool)
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	return given
}

// apply returns pol with the rates given on the command line (pol itself
// if none was given; pol is not modified).
func (pf *policyFlags) apply(pol *planning.Policy) *planning.Policy {
	fl := pf.flags()
	given := false
	for _, f := range fl {
		given = given || pf.given[f.name]
	}
	if !given {
		return pol
	}
	out := planning.Policy{}
	if pol != nil {
		out = *pol
	}
	r := planning.DefaultRates()
	if out.Default != nil {
		r = *out.Default
	}
	for _, f := range fl {
		if pf.given[f.name] {
			*f.dst(&r) = f.v
		}
	}
	out.Default = &r
	return &out
}

// check returns a usage message for a given rate outside [0, 1] (or NaN),
// naming the flag, or "".
func (pf *policyFlags) check() string {
	for _, f := range pf.flags() {
		if pf.given[f.name] && !(f.v >= 0 && f.v <= 1) {
			return fmt.Sprintf("-%s must be a share between 0 and 1, not %v", f.name, f.v)
		}
	}
	return ""
}

// runPlan scores the hectares, builds work units and priorities, schedules
// them on the teams of the teams file and writes every report.
func runPlan(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var in inputs
	var pf policyFlags
	fs := newFlagSet("plan", "-hazards H -incidents I -villages V -teams T.json -out DIR [flags]", planSummary, planExample, stderr)
	in.register(fs)
	pf.register(fs)
	moreTeams := fs.String("more-teams", "", "what if: also plan with the teams of this `file` (the -teams file's teams plus more; its calendar and policy are not used), with the first plan as the baseline, so the last hectare is never released later; prints both dates")
	teamsFile := fs.String("teams", "", "teams `file` (JSON: teams with method, count, productivity, base and closures; calendar; optional policy, land rules and areas with tiers, due dates and closures), see package planning/planfile (required)")
	out := fs.String("out", "", "`folder` for the reports: schedule.csv, priorities.csv, priorities.geojson (split into parts under 100 MB when needed), plan.kmz, teams/ (a KMZ with time spans and a GPX per team), risk-map.png, burndown.png, summary.md (required); or a GeoPackage file (.gpkg) to hold the plan's layers priorities, schedule, cells and hazard_risk (other layers of the file are kept), to open in QGIS; or a postgres://...?table=schema.x URL, for tables schema.priorities, schema.schedule, schema.cells and schema.hazard_risk")
	blockM := fs.Float64("block", 0, "split hazards into square blocks of this side in `metres` (a multiple of -cell) so several teams can share a hazard; 0 plans whole hazards")
	months := fs.Int("horizon", 0, "horizon mode: the best use of the teams for this many `months` from the calendar's start; 0 plans to the last hectare")
	travel := fs.Float64("travel-km-per-day", 0, "straight-line `km` a team covers in a working day when it moves to a job (default: the teams file's, else the library's)")
	taskHa := fs.Float64("task-ha", 0, "the national task in `ha` (released and still to release) for the forecast's national share; 0 means none, or the baseline plus this plan's area if -baseline-ha is given")
	baselineHa := fs.Float64("baseline-ha", 0, "land already released nationally before this plan, in `ha`; 0 means none given")
	runs := fs.Int("runs", planning.DefaultRuns, "uncertainty: `n` plans with drawn team productivity and release shares, for the P10/P50/P90 release dates; 0 for none")
	seed := fs.Uint64("seed", 1, "uncertainty: `seed` of the draws (the same seed gives the same dates)")
	methodSigma := fs.Float64("sigma-method", planning.DefaultMethodSigma, "uncertainty: standard deviation, in natural log, of the productivity `factor` every team of a method shares in a run")
	teamSigma := fs.Float64("sigma-team", planning.DefaultTeamSigma, "uncertainty: standard deviation, in natural log, of each team's own productivity `factor`")
	shareSigma := fs.Float64("sigma-share", planning.DefaultShareSigma, "uncertainty: standard deviation, in logits, of the shift of the NTS and TS release `shares` in a run")
	synthetic := fs.Bool("synthetic", false, "mark every report as made from synthetic data (also automatic when a hazard or incident has a property synthetic = true)")
	title := fs.String("title", "", "`title` of the summary (default \"Land release plan\")")
	progressFile := fs.String("progress", "", "re-plan: a CSV `file` of steps done in the field (columns unit, step nts/ts/clearance, date YYYY-MM-DD, outcome cancelled/reduced/confirmed for survey; optional team, the team's name as the plan names it, e.g. Manual-Aghdam-3, so the re-plan starts it where it last worked and the day after; optional done_ha, the hectares worked on a step started but not finished, whose rest is planned), see planfile.ReadProgress and planning.Positions; the rest is planned from -from, and the summary compares what was done with the plan from the teams file's start")
	fromDate := fs.String("from", "", "re-plan: the `date` (YYYY-MM-DD) the re-plan starts; default the day after the last date of -progress")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	given := givenFlags(fs)
	pf.given = given
	if msg := in.check(); msg != "" {
		return usageErrorf(fs, "%s", msg)
	}
	if msg := pf.check(); msg != "" {
		return usageErrorf(fs, "%s", msg)
	}
	switch {
	case *teamsFile == "":
		return usageErrorf(fs, "-teams is required")
	case *out == "":
		return usageErrorf(fs, "-out is required")
	case *blockM < 0 || math.IsNaN(*blockM):
		return usageErrorf(fs, "-block must be 0 or a positive number of metres, not %v", *blockM)
	case *months < 0:
		return usageErrorf(fs, "-horizon must be 0 or more months, not %d", *months)
	case !finiteNonNegative(*travel):
		return usageErrorf(fs, "-travel-km-per-day must be 0 or a positive number of km, not %v", *travel)
	case !finiteNonNegative(*taskHa):
		return usageErrorf(fs, "-task-ha must be 0 or a positive number of ha, not %v", *taskHa)
	case !finiteNonNegative(*baselineHa):
		return usageErrorf(fs, "-baseline-ha must be 0 (none) or a positive number of ha, not %v", *baselineHa)
	case *runs < 0:
		return usageErrorf(fs, "-runs must be 0 (none) or more, not %d", *runs)
	case !finiteNonNegative(*methodSigma) || !finiteNonNegative(*teamSigma) || !finiteNonNegative(*shareSigma):
		return usageErrorf(fs, "-sigma-method, -sigma-team and -sigma-share must be 0 or positive numbers")
	}
	nat := planning.National{BaselineHa: *baselineHa, TaskHa: *taskHa}
	rep := newReporter(stderr, in.quiet)

	plf, err := readPlanFile(*teamsFile)
	if err != nil {
		return fail(stderr, "plan", err)
	}
	var more *planfile.File
	if *moreTeams != "" {
		if more, err = readPlanFile(*moreTeams); err != nil {
			return fail(stderr, "plan", err)
		}
	}
	s, err := in.score(ctx, rep)
	if err != nil {
		return fail(stderr, "plan", err)
	}

	units, err := planning.UnitsFromSurface(s, &planning.UnitOptions{BlockM: *blockM})
	if err != nil {
		return fail(stderr, "plan", err)
	}
	matched, err := planning.ApplyAreaRules(units, plf.Areas)
	if err != nil {
		return fail(stderr, "plan", fmt.Errorf("%s: %w", *teamsFile, err))
	}
	for i, n := range matched {
		if n == 0 {
			rep.notef("warning: %s: area %d (%q) matches no work unit", *teamsFile, i, plf.Areas[i].Name)
		}
	}
	cfg := plf.Config()
	cfg.Policy = pf.apply(cfg.Policy)
	if *travel > 0 {
		cfg.TravelKmPerDay = *travel
	}
	var replan *report.Replan
	teams := planning.ProjectBases(plf.Teams, s.Projection)
	cfg.Logistics = planning.ProjectCamps(cfg.Logistics, s.Projection)
	if *progressFile != "" {
		loc := cfg.Calendar.Start.Location()
		pf, err := os.Open(*progressFile)
		if err != nil {
			return fail(stderr, "plan", err)
		}
		done, err := planfile.ReadProgress(pf, *progressFile, loc)
		pf.Close()
		if err != nil {
			return fail(stderr, "plan", err)
		}
		// The plan the work was done by: every unit from the teams
		// file's start.
		prev, err := planning.Schedule(ctx, units, teams, cfg)
		if err != nil {
			return fail(stderr, "plan", err)
		}
		pr, err := planning.ApplyProgress(units, cfg.Policy, done)
		if err != nil {
			return fail(stderr, "plan", fmt.Errorf("%s: %w", *progressFile, err))
		}
		from := pr.Last.AddDate(0, 0, 1)
		if pr.Last.IsZero() {
			from = cfg.Calendar.Start
		}
		if *fromDate != "" {
			t, err := time.ParseInLocation(time.DateOnly, *fromDate, loc)
			if err != nil {
				return usageErrorf(fs, "-from %q: want a date YYYY-MM-DD", *fromDate)
			}
			from = t
		}
		pos, err := planning.Positions(done, units, teams)
		if err != nil {
			return fail(stderr, "plan", fmt.Errorf("%s: %w", *progressFile, err))
		}
		replan = &report.Replan{From: from, Previous: prev.Start, Progress: pr, Compared: prev.Compare(done), Positioned: len(pos)}
		for _, r := range pr.Released {
			replan.ReleasedM2 += units[r.Unit].AreaM2
		}
		units = pr.Units
		cfg.Calendar.Start = from
		cfg.Positions = pos
	} else if *fromDate != "" {
		return usageErrorf(fs, "-from needs -progress")
	}
	if *months > 0 {
		cfg.Horizon = cfg.Calendar.Start.AddDate(0, *months, 0)
	}
	// The uncertainty's plans do not depend on the plan: they run beside
	// the priorities and the plan (results are the same as one after the
	// other), and are waited for before the reports.
	simCtx, stopSim := context.WithCancel(ctx)
	defer stopSim()
	type simulated struct {
		unc  *planning.Uncertainty
		err  error
		took time.Duration
	}
	sim := make(chan simulated, 1)
	if *runs > 0 {
		rep.begin("uncertainty")
		simCfg := *cfg
		go func() {
			t0 := time.Now()
			unc, err := planning.Simulate(simCtx, units, teams, &simCfg, &planning.UncertaintyOptions{
				Runs: *runs, Seed: *seed, MethodSigma: orOff(*methodSigma), TeamSigma: orOff(*teamSigma), ShareSigma: orOff(*shareSigma),
				Workers: in.workers, Progress: rep.update,
			})
			sim <- simulated{unc, err, time.Since(t0)}
		}()
	}
	prios, err := planning.Prioritise(units, s, cfg.Policy, nil)
	if err != nil {
		return fail(stderr, "plan", err)
	}
	t0 := time.Now()
	pl, err := planning.Schedule(ctx, units, teams, cfg)
	if err != nil {
		return fail(stderr, "plan", err)
	}
	rep.notef("planned %d units on %d teams in %s", len(units), len(pl.Teams), time.Since(t0).Round(time.Millisecond))
	fc := pl.Forecast(&nat)
	var unc *planning.Uncertainty
	if *runs > 0 {
		r := <-sim
		rep.end()
		if r.err != nil {
			return fail(stderr, "plan", r.err)
		}
		unc = r.unc
		rep.notef("uncertainty: %d plans in %s", *runs, r.took.Round(time.Millisecond))
	}
	var unbudgeted *planning.Plan
	currency := ""
	if cfg.Costs != nil && pl.Spend != nil {
		// What the budget delays: the same plan without the cap.
		free := *cfg
		free.Costs = nil
		if unbudgeted, err = planning.Schedule(ctx, units, teams, &free); err != nil {
			return fail(stderr, "plan", err)
		}
		currency = cfg.Costs.Currency
	}
	var whatIf *report.WhatIf
	if more != nil {
		cfgMore := *cfg
		cfgMore.Baseline = pl
		plMore, err := planning.Schedule(ctx, units, planning.ProjectBases(more.Teams, s.Projection), &cfgMore)
		if err != nil {
			return fail(stderr, "plan", fmt.Errorf("%s: %w", *moreTeams, err))
		}
		whatIf = &report.WhatIf{Name: "the teams of " + filepath.Base(*moreTeams), Plan: plMore}
	}
	sin := report.SummaryInput{
		Title:       *title,
		Surface:     s,
		Units:       units,
		Priorities:  prios,
		Plan:        pl,
		Forecast:    &fc,
		Policy:      cfg.Policy,
		Synthetic:   *synthetic,
		Uncertainty: unc,
		WhatIf:      whatIf,
		Replan:      replan,
		Unbudgeted:  unbudgeted,
		Currency:    currency,
		Workers:     in.workers,
	}
	for _, w := range report.Warnings(sin) {
		rep.notef("warning: %s", w)
	}
	if isLayerOut(*out) {
		if err := writePlanLayers(ctx, *out, s, units, prios, pl); err != nil {
			return fail(stderr, "plan", err)
		}
	}
	t0 = time.Now()
	paths, err := writeReports(ctx, *out, sin)
	if err != nil {
		return fail(stderr, "plan", err)
	}
	rep.notef("wrote %d files in %s", len(paths), time.Since(t0).Round(time.Millisecond))
	if replan != nil {
		fmt.Fprintf(stdout, "re-plan from %s: %d steps reported, %d units released in the field, %d partly surveyed, %d with a step under way, %d teams positioned\n",
			replan.From.Format(time.DateOnly), len(replan.Compared), len(replan.Progress.Released), replan.Progress.Surveyed,
			replan.Progress.Started, replan.Positioned)
	}
	fmt.Fprintf(stdout, "%d work units, %d teams, from %s\n", len(units), len(pl.Teams), pl.Start.Format(time.DateOnly))
	fmt.Fprintf(stdout, "cost %.6g (Σ risk × working day of release), lower bound %.6g (%s relaxation), gap at most %.1f%%\n",
		pl.Cost, pl.Bound, pl.BoundBy, 100*pl.Gap)
	if *months > 0 {
		fmt.Fprintf(stdout, "horizon %s: %.6g of %.6g risk released (at most %.6g possible)\n",
			cfg.Horizon.Format(time.DateOnly), pl.HorizonRisk, pl.TotalRisk, pl.HorizonRiskBound)
	}
	fmt.Fprintf(stdout, "last hectare released %s\n", fc.LastWorkDay().Format(time.DateOnly))
	if unbudgeted != nil {
		fmt.Fprintf(stdout, "budget: last hectare released %s (without the budget's cap %s)\n",
			pl.LastWorkDay().Format(time.DateOnly), unbudgeted.LastWorkDay().Format(time.DateOnly))
	}
	if len(pl.Due) > 0 {
		missed := pl.Missed()
		fmt.Fprintf(stdout, "due dates: %d met, %d missed\n", len(pl.Due)-len(missed), len(missed))
		for _, d := range missed {
			fmt.Fprintf(stdout, "  missed: %s due %s, released %s (%d days late)\n", d.ID,
				d.Due.Format(time.DateOnly), d.Released.Format(time.DateOnly), d.LateDays)
		}
	}
	if unc != nil {
		fmt.Fprintf(stdout, "last hectare P10 %s, P50 %s, P90 %s (%d plans, seed %d)\n",
			unc.LastWorkDay[planning.P10].Format(time.DateOnly), unc.LastWorkDay[planning.P50].Format(time.DateOnly),
			unc.LastWorkDay[planning.P90].Format(time.DateOnly), unc.Runs, *seed)
	}
	if whatIf != nil {
		fmt.Fprintf(stdout, "with the %d teams of %s: cost %.6g, last hectare released %s\n",
			len(whatIf.Plan.Teams), *moreTeams, whatIf.Plan.Cost, whatIf.Plan.LastWorkDay().Format(time.DateOnly))
	}
	teamFiles := 0
	for _, path := range paths {
		if filepath.Base(filepath.Dir(path)) == report.TeamsDir {
			teamFiles++
			continue
		}
		fmt.Fprintf(stdout, "wrote %s\n", path)
	}
	if teamFiles > 0 {
		fmt.Fprintf(stdout, "wrote %d team files (KMZ and GPX) in %s\n", teamFiles, filepath.Join(*out, report.TeamsDir))
	}
	return exitOK
}

// readPlanFile reads the teams file; its errors name the file, team and
// field.
func readPlanFile(path string) (*planfile.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return planfile.Read(f, path)
}

// orOff turns a sigma of 0 from the command line into "off" (negative) for
// planning.UncertaintyOptions, where 0 means the default.
func orOff(sigma float64) float64 {
	if sigma == 0 {
		return -1
	}
	return sigma
}

// finiteNonNegative reports whether x is a number ≥ 0 other than +Inf.
func finiteNonNegative(x float64) bool { return x >= 0 && !math.IsInf(x, 1) }

// writeReports writes every report into dir, unless dir names a
// GeoPackage or a PostGIS URL, whose layers writePlanLayers wrote.
func writeReports(ctx context.Context, dir string, in report.SummaryInput) ([]string, error) {
	if isLayerOut(dir) {
		return []string{dataset.DisplayName(dir)}, nil
	}
	return report.WriteAllContext(ctx, dir, in)
}

// writePlanLayers writes the plan's layers (priorities, schedule, cells,
// hazard_risk) to the GeoPackage or PostGIS database at path, each in its
// own transaction.
func writePlanLayers(ctx context.Context, path string, s *risk.Surface, units []planning.Unit, prios []planning.Priority, pl *planning.Plan) error {
	builds := []func() (*feature.Layer, error){
		func() (*feature.Layer, error) { return report.PrioritiesLayer(prios, units, s, pl) },
		func() (*feature.Layer, error) { return report.ScheduleLayer(pl, units, s) },
		func() (*feature.Layer, error) { return s.CellsLayer(nil) },
		s.HazardsLayer,
	}
	for _, b := range builds {
		l, err := b()
		if err != nil {
			return err
		}
		target := path
		if f, _ := dataset.FormatOf(path); f == dataset.PostGIS {
			target = withTable(path, l.Name)
		}
		if err := dataset.Write(ctx, target, l); err != nil {
			return fmt.Errorf("writing %s: %w", dataset.DisplayName(target), err)
		}
	}
	return nil
}

// withTable returns a PostGIS URL whose table is name, in the schema of the
// URL's table= if it names one (postgres://h/db?table=plans.x gives
// plans.NAME for each layer).
func withTable(raw, name string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	if schema, _, found := strings.Cut(q.Get("table"), "."); found && schema != "" {
		name = schema + "." + name
	}
	q.Set("table", name)
	u.RawQuery = q.Encode()
	return u.String()
}
