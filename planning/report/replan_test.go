package report

import (
	"bufio"
	"strings"
	"testing"
	"time"

	"github.com/landrelease/clearance/planning"
)

// TestSummaryReplan: the re-plan section counts the teams positioned and
// the steps under way, and leaves a step under way out of planned against
// actual (it has no end to compare yet).
func TestSummaryReplan(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2027, 6, d, 0, 0, 0, 0, time.UTC) }
	r := &Replan{From: day(10), Previous: day(1), ReleasedM2: 25_000, Positioned: 2,
		Progress: &planning.Progress{Released: []planning.Released{{ID: "a"}}, Surveyed: 1, Started: 1},
		Compared: []planning.PlannedActual{
			{Done: planning.Done{UnitID: "a", Step: planning.Clearance, Date: day(5)}, Planned: day(3), LateDays: 2},
			{Done: planning.Done{UnitID: "b", Step: planning.Clearance, Date: day(9), AreaDoneM2: 500}},
		}}
	var sb strings.Builder
	w := bufio.NewWriter(&sb)
	summaryReplan(w, &SummaryInput{Replan: r})
	w.Flush()
	got := sb.String()
	for _, s := range []string{
		"with 2 steps reported since the plan of",
		"1 work unit with a step under way (the plan works the rest of it)",
		"- 2 teams start where they last worked, free from the day after; the other teams from their bases.",
		"Planned against actual: 0 on the planned day, 0 early, 1 late; on average 2.0 days late.",
	} {
		if !strings.Contains(got, s) {
			t.Errorf("summary lacks %q:\n%s", s, got)
		}
	}
	if strings.Contains(got, "did not have") {
		t.Errorf("a step under way counted as unplanned:\n%s", got)
	}
	r.Positioned = 0
	sb.Reset()
	w.Reset(&sb)
	summaryReplan(w, &SummaryInput{Replan: r})
	w.Flush()
	if !strings.Contains(sb.String(), "Teams start from their bases") {
		t.Errorf("no team positioned:\n%s", sb.String())
	}
}
