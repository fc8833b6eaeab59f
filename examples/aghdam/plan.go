package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/internal/text"
	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/planning/planfile"
	"github.com/landrelease/clearance/planning/report"
	"github.com/landrelease/clearance/risk"
	"github.com/landrelease/clearance/testdata/aghdam"
)

// nationalTaskHa is Azerbaijan's whole contaminated area, released or not:
// about 12% of 86,600 km², and nationalBaselineHa the land it had released
// by 2023, about 140,000 ha (ARCHITECTURE.md, "Where the numbers come
// from"), for the forecast's national share: this example's figures,
// never a library default.
const (
	nationalTaskHa     = 1_040_000
	nationalBaselineHa = 140_000
)

// extraManualTeams is the what-if: that many more manual teams.
const extraManualTeams = 4

// blockM is the side of the work units' blocks, in metres.
const blockM = 500

// plan turns the risk surface into a land release plan for the team set of
// testdata/aghdam/teams.json, writes every report into outDir and prints a
// short summary.
func plan(ctx context.Context, w io.Writer, s *risk.Surface, outDir string) ([]string, error) {
	b, err := fs.ReadFile(aghdam.FS, aghdam.Teams)
	if err != nil {
		return nil, err
	}
	pf, err := planfile.Read(bytes.NewReader(b), aghdam.Teams)
	if err != nil {
		return nil, err
	}
	teams := planning.ProjectBases(pf.Teams, s.Projection)
	// Blocks of 500 m × 500 m (up to 25 ha) within each hazard, so that
	// several teams can work on a large hazard at once.
	units, err := planning.UnitsFromSurface(s, &planning.UnitOptions{BlockM: blockM})
	if err != nil {
		return nil, err
	}
	// The teams file's areas: tiers, due dates, closures and the land of
	// hazards whose data does not say.
	if _, err := planning.ApplyAreaRules(units, pf.Areas); err != nil {
		return nil, err
	}
	cfg := pf.Config()
	cfg.Logistics = planning.ProjectCamps(cfg.Logistics, s.Projection)
	prios, err := planning.Prioritise(units, s, cfg.Policy, nil)
	if err != nil {
		return nil, err
	}
	pl, err := planning.Schedule(ctx, units, teams, cfg)
	if err != nil {
		return nil, err
	}
	fc := pl.Forecast(&planning.National{BaselineHa: nationalBaselineHa, TaskHa: nationalTaskHa})
	// How sure are the dates? 20 plans with drawn productivities and
	// release shares (planning.Simulate's documented defaults, seed 1).
	unc, err := planning.Simulate(ctx, units, teams, cfg, nil)
	if err != nil {
		return nil, err
	}

	closed := 0
	for _, h := range s.Projected().Source.Hazards {
		if h.Status == geo.StatusClosed {
			closed++
		}
	}
	fmt.Fprintf(w, "\nPlan: %d work units (blocks of up to %.0f ha of the open and worked-on hazards; %d closed hazard(s) left out), %d teams, from %s\n",
		len(units), blockM*blockM/1e4, closed, len(pl.Teams), text.Day(pl.Start))
	fmt.Fprintf(w, "  cost Σ risk × release day %.4g, lower bound %.4g, gap at most %.1f%%\n", pl.Cost, pl.Bound, 100*pl.Gap)
	fmt.Fprintf(w, "  last hectare released %s (%.0f working days)\n", text.Day(fc.LastWorkDay()), pl.LastReleaseDay)
	fmt.Fprintf(w, "  with uncertain productivity and release shares (%d plans): P10 %s, P50 %s, P90 %s\n", unc.Runs,
		text.Date(unc.LastWorkDay[planning.P10]), text.Date(unc.LastWorkDay[planning.P50]), text.Date(unc.LastWorkDay[planning.P90]))

	// What if four more manual teams joined at Aghdam? Planned with this
	// plan as the baseline, so more teams never release the last hectare
	// later.
	more := append(slices.Clone(teams), planning.Team{Name: "Manual-extra", Method: planning.MethodManual,
		Count: extraManualTeams, Deminers: planning.DefaultDeminers, Base: teams[0].Base, BaseLonLat: teams[0].BaseLonLat})
	cfgMore := *cfg
	cfgMore.Baseline = pl
	plMore, err := planning.Schedule(ctx, units, more, &cfgMore)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "  with %d more manual teams: last hectare released %s (%.0f working days), cost %.4g\n",
		extraManualTeams, text.Day(plMore.LastWorkDay()), plMore.LastReleaseDay, plMore.Cost)
	var cancelled, reduced, cleared float64
	for _, m := range fc.Months {
		cancelled += m.CancelledM2
		reduced += m.ReducedM2
		cleared += m.ClearedM2
	}
	fmt.Fprintf(w, "  expected release: %.0f ha cancelled by NTS, %.0f ha reduced by TS, %.0f ha cleared\n",
		cancelled/1e4, reduced/1e4, cleared/1e4)
	if n := len(fc.Months); n > 0 {
		last := fc.Months[n-1]
		fmt.Fprintf(w, "  national task: %.1f%% done when this plan ends (baseline %.0f ha of %.0f ha)\n",
			100*last.NationalShare, fc.BaselineHa, fc.TaskHa)
	}
	fmt.Fprintf(w, "\n  Top priorities\n")
	for _, pr := range prios[:min(5, len(prios))] {
		crit := make([]string, len(pr.Criteria))
		for i, c := range pr.Criteria {
			crit[i] = c.String()
		}
		if len(crit) > 0 {
			fmt.Fprintf(w, "  %d. %s (ANAMA criteria: %s)\n", pr.Rank, pr.ID, strings.Join(crit, "; "))
		} else {
			fmt.Fprintf(w, "  %d. %s\n", pr.Rank, pr.ID)
		}
		for _, r := range pr.Reasons {
			fmt.Fprintf(w, "       - %s\n", r)
		}
	}

	return report.WriteAllContext(ctx, outDir, report.SummaryInput{
		Title:       "Aghdam land release plan (synthetic hazards and incidents)",
		Surface:     s,
		Units:       units,
		Priorities:  prios,
		Plan:        pl,
		Forecast:    &fc,
		Policy:      cfg.Policy,
		Synthetic:   true,
		Uncertainty: unc,
		WhatIf:      &report.WhatIf{Name: fmt.Sprintf("%d more manual teams at Aghdam", extraManualTeams), Plan: plMore},
		Notes: []string{
			"Settlements are real (testdata/aghdam/settlements.csv, with sources); hazards and incidents are synthetic.",
			"Team set and calendar: testdata/aghdam/teams.json (illustrative).",
		},
	})
}
