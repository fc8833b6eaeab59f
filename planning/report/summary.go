package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/internal/text"
	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/risk"
)

// SummaryInput is everything the summary (and [WriteAll]) reads. Every
// field may be left empty; the summary then says what it does not know.
type SummaryInput struct {
	// Title heads the summary; "" means "Land release plan".
	Title string
	// Surface is the scored surface the units come from (hazards,
	// incidents and settlements through Surface.Projected().Source).
	Surface *risk.Surface
	// Units are the work units planned; Priorities their ranking
	// (planning.Prioritise); Plan the schedule of Units.
	Units      []planning.Unit
	Priorities []planning.Priority
	Plan       *planning.Plan
	// Forecast is the plan month by month; nil means Plan.Forecast(nil).
	Forecast *planning.Forecast
	// Policy is the land release policy the plan used, quoted in the
	// caveats; nil means the default rates.
	Policy *planning.Policy
	// Synthetic marks the data as synthetic (not for operational use). The
	// summary also says so when a hazard or incident has a property
	// "synthetic" set to true.
	Synthetic bool
	// Notes are added, one per line, to the caveats.
	Notes []string
	// Map and Chart set the PNGs WriteAll draws; nil means defaults.
	Map   *MapOptions
	Chart *ChartOptions
	// Uncertainty, if not nil, is the spread of the plan's dates
	// (planning.Simulate): the summary gives the last hectare at P10, P50
	// and P90 and the burn-down chart draws the band.
	Uncertainty *planning.Uncertainty
	// WhatIf, if not nil, is a second plan of the same units with another
	// team set, which the summary compares with Plan.
	WhatIf *WhatIf
	// Unbudgeted, if not nil, is the same plan without the budget's cap
	// (Config.Costs nil): the summary says what the budget delays.
	// Currency names the money of Plan.Spend.
	Unbudgeted *planning.Plan
	Currency   string
	// Replan, if not nil, says the plan is a re-plan after work reported
	// done; the summary shows it against the previous plan.
	Replan *Replan
	// StartToday says the plan starts today because no start was given
	// (planning.StartOrToday); the summary says so.
	StartToday bool
	// MaxFileMB bounds the size of each file WriteAll writes, in
	// megabytes (10⁶ bytes); 0 means DefaultMaxFileMB (100).
	MaxFileMB float64
	// Workers is the number of goroutines WriteAll writes the team files
	// with; 0 means GOMAXPROCS. The files are the same for any count.
	Workers int

	split []string // what WriteAll split, for the summary
}

// WhatIf is a plan of the same units with another team set.
type WhatIf struct {
	// Name says what changed ("4 more manual teams", a file name).
	Name string
	// Plan is the other plan.
	Plan *planning.Plan
}

// check reports a bad setting of in.
func (in *SummaryInput) check() error {
	if !(in.MaxFileMB >= 0) || math.IsInf(in.MaxFileMB, 1) {
		return fmt.Errorf("report: SummaryInput.MaxFileMB is %v; want 0 (the default) or a positive number", in.MaxFileMB)
	}
	if in.Workers < 0 {
		return fmt.Errorf("report: SummaryInput.Workers is %d; want 0 (GOMAXPROCS) or more", in.Workers)
	}
	return nil
}

// forecast returns in.Forecast, or the plan's default forecast.
func (in *SummaryInput) forecast() *planning.Forecast {
	if in.Forecast != nil {
		return in.Forecast
	}
	if in.Plan != nil {
		f := in.Plan.Forecast(nil)
		return &f
	}
	return &planning.Forecast{}
}

func (in *SummaryInput) source() *geo.Dataset {
	if in.Surface == nil || in.Surface.Projected() == nil {
		return nil
	}
	return in.Surface.Projected().Source
}

// synthetic reports whether the data is marked synthetic: in.Synthetic, or
// a hazard or incident of the source with a property "synthetic" set to
// true.
func (in *SummaryInput) synthetic() bool {
	return in.Synthetic || datasetSynthetic(in.source())
}

// WriteSummary writes a one-page Markdown summary for a reader at the
// authority: the data (hazards and hectares by kind, incidents,
// settlements, work units), the risk model and its riskiest hectares, the
// teams, the plan's cost, lower bound and gap, the land rules it applied
// (saying when they are the defaults), tiers, closures and due dates
// (every missed one, up to 15 listed), the forecast (last release,
// hectares per month, share of the national task), the ten first
// priorities with their reasons, and the caveats (synthetic data, rates and
// productivities as parameters, the notes). Numbers are rounded for
// reading; the CSV files carry the precise ones. It returns an error if the
// priorities do not match the units or the plan (see WritePrioritiesCSV),
// or the writer's error. Cost O(cells + units log units + jobs).
func WriteSummary(w io.Writer, in SummaryInput) error {
	order, err := rankOrder(in.Priorities, in.Units, in.Plan)
	if err != nil {
		return err
	}
	b := bufio.NewWriter(w)
	title := in.Title
	if title == "" {
		title = "Land release plan"
	}
	fmt.Fprintf(b, "# %s\n\n", mdText(title))
	synthetic := in.synthetic()
	if synthetic {
		b.WriteString("> **Synthetic data.** The hazards and/or incidents are invented for testing and demonstration; do not use this plan for operations.\n\n")
	}
	if ws := warnings(&in, false); len(ws) > 0 {
		b.WriteString("## Warnings\n\n")
		for _, w := range ws {
			fmt.Fprintf(b, "- **%s**\n", mdText(w))
		}
		b.WriteByte('\n')
	}
	summaryData(b, &in)
	summaryRisk(b, &in)
	summaryTeams(b, &in)
	summaryGround(b, &in)
	summaryReplan(b, &in)
	summaryBudget(b, &in)
	summaryForecast(b, &in)
	summaryPriorities(b, &in, order)
	summaryCaveats(b, &in, synthetic)
	return b.Flush()
}

func summaryData(b *bufio.Writer, in *SummaryInput) {
	b.WriteString("## Data\n\n")
	d := in.source()
	s := in.Surface
	if d == nil {
		b.WriteString("- No source dataset was given.\n")
	} else {
		var n, ha [3]float64
		for h := range d.Hazards {
			k := 0 // 1 SHA, 2 CHA, 0 other
			if kd := d.Hazards[h].Kind; kd == geo.SHA || kd == geo.CHA {
				k = int(kd)
			}
			n[k]++
			if s != nil && h < len(s.Hazards) {
				ha[k] += s.Hazards[h].AreaM2 / 1e4
			}
		}
		fmt.Fprintf(b, "- Hazards: %d — %s SHA (%s ha), %s CHA (%s ha); each polygon's own area, so land under an SHA and a CHA counts in both.\n", len(d.Hazards),
			text.Whole(n[1]), text.Hectares(ha[1]), text.Whole(n[2]), text.Hectares(ha[2]))
		if s != nil {
			area, total := s.Total()
			fmt.Fprintf(b, "- Scored: %s hectare cells, %s ha of contaminated land (overlaps counted once), total risk %s.\n",
				text.Int(len(s.Cells)), text.Hectares(area/1e4), sig(total))
		}
		killed, injured, casualties := 0, 0, 0
		for _, x := range d.Incidents {
			killed += x.Killed
			injured += x.Injured
			casualties += x.Casualties
		}
		if casualties > 0 {
			fmt.Fprintf(b, "- Incidents: %d (%d killed, %d injured, %d casualties of unknown kind). Settlements: %d.\n",
				len(d.Incidents), killed, injured, casualties, len(d.Settlements))
		} else {
			fmt.Fprintf(b, "- Incidents: %d (%d killed, %d injured). Settlements: %d.\n",
				len(d.Incidents), killed, injured, len(d.Settlements))
		}
	}
	if len(in.Units) > 0 {
		whole, blocks, area := 0, 0, 0.0
		for i := range in.Units {
			switch u := &in.Units[i]; {
			case u.Block:
				blocks++
			case len(u.Hazards) == 1:
				whole++
			}
			area += in.Units[i].AreaM2
		}
		fmt.Fprintf(b, "- Work units: %d (%d whole hazards, %d blocks of hectares", len(in.Units), whole, blocks)
		if other := len(in.Units) - whole - blocks; other > 0 {
			fmt.Fprintf(b, ", %d given directly", other)
		}
		fmt.Fprintf(b, "), %s ha.\n", text.Hectares(area/1e4))
	}
	b.WriteByte('\n')
}

func summaryRisk(b *bufio.Writer, in *SummaryInput) {
	s := in.Surface
	if s == nil {
		return
	}
	b.WriteString("## Risk model\n\n")
	b.WriteString(modelText(&s.Model))
	b.WriteString("\n\n")
	top := s.Top(5)
	if len(top) == 0 {
		return
	}
	col := "incident density"
	if s.Model.Kind == risk.Mixture {
		col = "incident likelihood (per km² a year)"
	}
	b.WriteString("Riskiest hectares:\n\n| # | lat, lon | risk per ha | " + col + " | nearest settlement | hazards |\n|---:|---|---:|---:|---:|---|\n")
	for r, k := range top {
		c := &s.Cells[k]
		incident := c.Density
		if s.Model.Kind == risk.Mixture {
			incident = c.Likelihood
		}
		ll := s.LonLat(k)
		perHa := 0.0
		if c.AreaM2 > 0 {
			perHa = c.Risk / (c.AreaM2 / 1e4)
		}
		var ids []string
		for _, h := range s.CellHazards(k) {
			if int(h) < len(s.Hazards) {
				ids = append(ids, s.Hazards[h].ID)
			}
		}
		fmt.Fprintf(b, "| %d | %.5f, %.5f | %s | %s | %s | %s |\n", r+1, ll.Lat, ll.Lon, sig(perHa), sig(incident),
			distText(c.VillageM), mdText(strings.Join(ids, ", ")))
	}
	b.WriteByte('\n')
}

// modelText describes a risk model in a sentence or two.
func modelText(m *risk.Model) string {
	d := m.WithDefaults()
	h, cut, lam := d.BandwidthM, d.CutoffM, d.VillageScaleM
	var b strings.Builder
	switch {
	case m.Func != nil:
		b.WriteString("A user-defined combination of the factors below, per hectare.")
	case m.Combination == risk.WeightedSum:
		b.WriteString("A weighted sum of factors, each divided by its maximum, per hectare.")
	case m.Kind == risk.Mixture:
		b.WriteString("Risk = incident likelihood × exposure × area")
		if len(m.Lines)+len(m.Polygons) > 0 {
			b.WriteString(" × the extra layers' factors")
		}
		b.WriteString(" (expected incidents a year, weighted by exposure).")
	default:
		b.WriteString("Risk per hectare = incident density × settlement proximity")
		if len(m.Lines)+len(m.Polygons) > 0 {
			b.WriteString(" × the extra layers' factors")
		}
		b.WriteString(".")
	}
	if m.Kind == risk.Mixture {
		fmt.Fprintf(&b, " Incident likelihood, per km² a year: a mixture of Gaussian kernels of %s m (%s%%) and %s m (%s%%), "+
			"incidents weighted by exp(−age / %s years), damped by exp(−distance to the nearest incident / %s m), "+
			"calibrated to the yearly incident rate", text.Whole(d.ShortBandwidthM), sig(100*(1-d.LongWeight)),
			text.Whole(d.LongBandwidthM), sig(100*d.LongWeight), sig(d.RecencyYears), text.Whole(d.NearScaleM))
	} else {
		fmt.Fprintf(&b, " Incident density: a Gaussian kernel of bandwidth %s m, cut off at %s m", text.Whole(h), text.Whole(cut))
	}
	var w []string
	if m.CasualtyWeight {
		w = append(w, "1 + casualties")
	}
	if m.Kind == risk.KDE && m.HalfLifeYears > 0 {
		w = append(w, fmt.Sprintf("a half-life of %s years", sig(m.HalfLifeYears)))
	}
	if len(m.DeviceWeights) > 0 {
		w = append(w, "device weights")
	}
	if len(w) > 0 {
		fmt.Fprintf(&b, ", incidents weighted by %s", strings.Join(w, ", "))
	}
	b.WriteString(".")
	if m.PopulationWeighted {
		fmt.Fprintf(&b, " Proximity: Σ population × exp(−distance / %s m) over settlements.", text.Whole(lam))
	} else {
		fmt.Fprintf(&b, " Proximity: exp(−distance to the nearest settlement / %s m).", text.Whole(lam))
	}
	if m.Kind == risk.Mixture {
		fmt.Fprintf(&b, " Exposure: %s + %s × proximity.", sig(risk.ExposureFloor), sig(1-risk.ExposureFloor))
	}
	var layers []string
	for _, l := range m.Lines {
		layers = append(layers, l.Name)
	}
	for _, l := range m.Polygons {
		layers = append(layers, l.Name)
	}
	if len(layers) > 0 {
		fmt.Fprintf(&b, " Extra layers: %s.", strings.Join(layers, ", "))
	}
	return b.String()
}

func summaryTeams(b *bufio.Writer, in *SummaryInput) {
	p := in.Plan
	if p == nil {
		return
	}
	b.WriteString("## Teams and plan\n\n")
	type group struct {
		method planning.Method
		n      int
		lo, hi float64
	}
	var gs []group
	for k := range p.Teams {
		t := &p.Teams[k]
		r := t.Rate()
		i := slices.IndexFunc(gs, func(g group) bool { return g.method == t.Method })
		if i < 0 {
			gs = append(gs, group{method: t.Method, lo: r, hi: r})
			i = len(gs) - 1
		}
		gs[i].n++
		gs[i].lo, gs[i].hi = min(gs[i].lo, r), max(gs[i].hi, r)
	}
	if len(gs) > 0 {
		b.WriteString("| method | teams | m² per working day (each) |\n|---|---:|---:|\n")
		for _, g := range gs {
			rate := text.Whole(g.lo)
			if g.hi != g.lo {
				rate += "–" + text.Whole(g.hi)
			}
			fmt.Fprintf(b, "| %s | %d | %s |\n", g.method, g.n, rate)
		}
		b.WriteByte('\n')
	}
	startNote := "the calendar's start"
	if in.StartToday {
		startNote = "today: no start was given, so the dates move with the day the plan is made"
	}
	fmt.Fprintf(b, "- %d jobs from %s (%s); the last hectare is released on %s (working day %s, %s).\n",
		len(p.Jobs), text.Date(p.Start), startNote, endDate(p.Start, p.LastRelease), text.Fixed(p.LastReleaseDay, 1), spanText(p.Start, p.LastWorkDay()))
	if s := in.Surface; s != nil {
		_, total := s.Total()
		if d := total - p.TotalRisk; math.Abs(d) > 1e-9*math.Max(total, 1) {
			fmt.Fprintf(b, "- Risk planned: %s of the surface's %s; the other %s lies on land in no work unit (closed hazards, which are released already, or scored land outside the hazards), so the burn-down's 100%% of residual risk is %s.\n",
				sig(p.TotalRisk), sig(total), sig(d), sig(p.TotalRisk))
		}
	}
	if idle := idleTeams(p); idle.none > 0 || idle.waiting > 0 {
		var parts []string
		if idle.none > 0 {
			parts = append(parts, text.Count(idle.none, "team has", "teams have")+" no job at all")
		}
		if idle.waiting > 0 {
			parts = append(parts, fmt.Sprintf("%s more than %d working days for their first job", text.Count(idle.waiting, "team waits", "teams wait"), IdleWarnDays))
		}
		fmt.Fprintf(b, "- Idle teams: %s (longest %s, %s working days without work).\n", strings.Join(parts, "; "), idle.worst, text.Fixed(idle.worstDays, 0))
	}
	if n := len(planning.Unranked(in.Units)); n > 0 {
		fmt.Fprintf(b, "- %s no land to release (a suspected area wholly under confirmed ones, or a hazard without a scored cell): not ranked, and released on the start.\n",
			text.Count(n, "work unit has", "work units have"))
	}
	if wi := in.WhatIf; wi != nil && wi.Plan != nil {
		fmt.Fprintf(b, "- What if (%s, %d teams): the last hectare is released on %s instead of %s; cost %s instead of %s.\n",
			mdText(wi.Name), len(wi.Plan.Teams), text.Date(wi.Plan.LastWorkDay()), text.Date(p.LastWorkDay()), sig(wi.Plan.Cost), sig(p.Cost))
	}
	if p.Camps != nil {
		summaryLogistics(b, p)
	}
	fmt.Fprintf(b, "- Cost (Σ risk × working day of release): %s; lower bound %s; the plan is at most %s above the best possible.\n",
		sig(p.Cost), sig(p.Bound), text.Percent(p.Gap, 1))
	if p.HorizonDay > 0 {
		share := 0.0
		if p.TotalRisk > 0 {
			share = p.HorizonRisk / p.TotalRisk
		}
		fmt.Fprintf(b, "- Horizon (working day %s): %s of the risk released (no plan can release more than %s).\n",
			text.Fixed(p.HorizonDay, 0), text.Percent(share, 1), sig(p.HorizonRiskBound))
	}
	b.WriteByte('\n')
}

// summaryLogistics says how often teams move camp and where they camp.
func summaryLogistics(b *bufio.Writer, p *planning.Plan) {
	var kinds [3]int // jobs per camp kind
	fly := make(map[int]bool)
	for i := range p.Jobs {
		if c := p.Jobs[i].Camp; c >= 0 && c < len(p.Camps) {
			kinds[p.Camps[c].Kind]++
			if p.Camps[c].Kind == planning.CampFly {
				fly[c] = true
			}
		}
	}
	fmt.Fprintf(b, "- Logistics: %s, %s working days moving in all; %s worked from a base, %s from a forward camp, %s from %s.\n",
		text.Count(p.Moves, "camp move", "camp moves"), text.Fixed(p.RelocationDays, 1),
		text.Count(kinds[planning.CampBase], "job", "jobs"), text.Count(kinds[planning.CampForward], "job", "jobs"),
		text.Count(kinds[planning.CampFly], "job", "jobs"), text.Count(len(fly), "fly camp", "fly camps"))
}

func summaryForecast(b *bufio.Writer, in *SummaryInput) {
	if in.Plan == nil && in.Forecast == nil {
		return
	}
	f := in.forecast()
	b.WriteString("## Forecast\n\n")
	if len(f.Months) == 0 {
		b.WriteString("- Nothing to release.\n\n")
		return
	}
	var canc, red, clr float64
	working, peak := 0, 0
	for i, m := range f.Months {
		canc += m.CancelledM2
		red += m.ReducedM2
		clr += m.ClearedM2
		if m.WorkDays > 0 {
			working++
		}
		rel := m.CancelledM2 + m.ReducedM2 + m.ClearedM2
		if rel > f.Months[peak].CancelledM2+f.Months[peak].ReducedM2+f.Months[peak].ClearedM2 {
			peak = i
		}
	}
	total := canc + red + clr
	last := f.Months[len(f.Months)-1]
	start := time.Time{}
	if in.Plan != nil {
		start = in.Plan.Start
	}
	fmt.Fprintf(b, "- Last hectare released: **%s**, %s from the start (%d with field work).\n",
		endDate(start, f.LastRelease), text.Count(len(f.Months), "month", "months"), working)
	fmt.Fprintf(b, "- Released: %s ha — %s ha cancelled by NTS, %s ha reduced by TS, %s ha cleared.\n",
		text.Hectares(total/1e4), text.Hectares(canc/1e4), text.Hectares(red/1e4), text.Hectares(clr/1e4))
	if working > 0 {
		pm := f.Months[peak]
		fmt.Fprintf(b, "- %s ha per working month on average; the most in %s (%s ha).\n",
			text.Hectares(total/1e4/float64(working)), text.Month(pm.Month),
			text.Hectares((pm.CancelledM2+pm.ReducedM2+pm.ClearedM2)/1e4))
	}
	if u := in.Uncertainty; u != nil && u.Runs > 0 {
		fmt.Fprintf(b, "- Uncertainty: over %d plans with drawn team productivity and release shares (seed %d; method σ %s, team σ %s, share σ %s logits), the last hectare is released by **%s** (P10), **%s** (P50), **%s** (P90).\n",
			u.Runs, u.Options.Seed, sig(u.Options.MethodSigma), sig(u.Options.TeamSigma), sig(u.Options.ShareSigma),
			text.Date(u.LastWorkDay[planning.P10]), text.Date(u.LastWorkDay[planning.P50]), text.Date(u.LastWorkDay[planning.P90]))
	}
	if f.TaskHa > 0 {
		fmt.Fprintf(b, "- National task: %s done at the end (%s ha released before this plan, a task of %s ha",
			text.Percent(last.NationalShare, 2), text.Whole(f.BaselineHa), text.Whole(f.TaskHa))
		if in.Plan != nil && math.Abs(f.TaskHa-(f.BaselineHa+in.Plan.TotalAreaM2/1e4)) < 1e-6*f.TaskHa {
			b.WriteString(": the baseline plus this plan only; give the whole country's task to place it")
		}
		b.WriteString(").\n")
	} else {
		b.WriteString("- National task: not given, so the plan is not placed in it.\n")
	}
	for _, n := range in.split {
		fmt.Fprintf(b, "- %s\n", mdText(n))
	}
	b.WriteByte('\n')
}

// spanText says how long from start to end: "3 years 2 months".
func spanText(start, end time.Time) string {
	months := (end.Year()-start.Year())*12 + int(end.Month()-start.Month())
	if end.Day() < start.Day() {
		months--
	}
	months = max(months, 0)
	y, m := months/12, months%12
	switch {
	case y == 0:
		return text.Count(m, "month", "months")
	case m == 0:
		return text.Count(y, "year", "years")
	}
	return text.Count(y, "year", "years") + " " + text.Count(m, "month", "months")
}

func summaryPriorities(b *bufio.Writer, in *SummaryInput, order []int) {
	if len(order) == 0 {
		return
	}
	n := min(10, len(order))
	fmt.Fprintf(b, "## Top %d priorities\n\n", n)
	b.WriteString("| rank | unit | kind | ha | release | criteria | reasons |\n|---:|---|---|---:|---|---|---|\n")
	for _, i := range order[:n] {
		pr := &in.Priorities[i]
		u := &in.Units[pr.Unit]
		rel := releaseDate(in.Plan, pr.Unit)
		if rel == "" {
			rel = "–"
		}
		var cs []string
		for _, c := range pr.Criteria {
			cs = append(cs, c.String())
		}
		fmt.Fprintf(b, "| %d | %s | %s | %s | %s | %s | %s |\n", pr.Rank, mdText(u.ID), u.Kind,
			text.Fixed(u.AreaM2/1e4, 1), rel, mdText(strings.Join(cs, ", ")), mdText(strings.Join(pr.Reasons, "; ")))
	}
	b.WriteByte('\n')
}

func summaryCaveats(b *bufio.Writer, in *SummaryInput, synthetic bool) {
	b.WriteString("## Caveats\n\n")
	if synthetic {
		b.WriteString("- The data is marked synthetic: the figures show how the method works, not the situation on the ground.\n")
	}
	r := in.Policy.Rates("")
	fmt.Fprintf(b, "- Release rates are parameters, not facts: NTS is assumed to cancel %s of a suspected area, TS to reduce %s of what is left (%s of a confirmed area), and the rest is cleared. Observed rates per district should replace them.\n",
		text.Percent(r.NTSCancel, 1), text.Percent(r.TSReduceSHA, 1), text.Percent(r.TSReduceCHA, 1))
	b.WriteString("- Team productivities are parameters (defaults: HALO Trust, NATO SFOR and operators' figures); travel is straight-line distance at a fixed daily range.\n")
	b.WriteString("- Risk is a relative score for ranking hectares, not a probability of an accident; minefield records are evidence, not truth.\n")
	for _, n := range in.Notes {
		fmt.Fprintf(b, "- %s\n", mdText(n))
	}
}

// distText writes a distance in metres for a table cell: text.Distance,
// or "–" when there is none (+Inf: no settlement) or it is unknown.
func distText(m float64) string {
	if math.IsInf(m, 1) || math.IsNaN(m) {
		return "–"
	}
	return text.Distance(m)
}

// mdText escapes the characters that would break a Markdown table cell or
// start markup.
func mdText(s string) string {
	r := strings.NewReplacer("|", `\|`, "\n", " ", "*", `\*`, "_", `\_`, "<", "&lt;")
	return r.Replace(s)
}
