package planning

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
)

// TestStartedStep: a CHA of 2,000 m² half cleared in the field leaves
// 1,000 m² to clear: one manual team of 100 m² a day releases it on day
// 10, not 20, and the unit's expected outcome is unchanged (2,000 m²
// cleared). An SHA whose NTS is under way keeps NTS as its next step,
// with the area done taken off it.
func TestStartedStep(t *testing.T) {
	units := []Unit{
		{ID: "cha", Kind: geo.CHA, AreaM2: 2000, Risk: 1},
		{ID: "sha", Kind: geo.SHA, AreaM2: 100000, Risk: 1},
	}
	day := func(d int) time.Time { return time.Date(2027, 5, d, 0, 0, 0, 0, time.UTC) }
	pr, err := ApplyProgress(units, noSurvey, []Done{{UnitID: "cha", Step: Clearance, Date: day(3), AreaDoneM2: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	if pr.Started != 1 || len(pr.Released) != 0 || len(pr.Units) != 2 || pr.Units[0].StartedM2 != 1000 || pr.Units[0].Done != 0 {
		t.Fatalf("progress %+v", pr)
	}
	p, err := Schedule(context.Background(), pr.Units[:1], []Team{{Method: MethodManual, M2PerDay: 100}}, &Config{Policy: noSurvey, Calendar: sevenDays})
	if err != nil {
		t.Fatal(err)
	}
	if p.Units[0].ReleaseDay != 10 || p.Jobs[0].AreaM2 != 1000 || p.Units[0].Outcome.ClearedM2 != 2000 {
		t.Errorf("half cleared: released day %v, job of %v m², outcome %+v; want day 10, 1000 m², 2000 cleared",
			p.Units[0].ReleaseDay, p.Jobs[0].AreaM2, p.Units[0].Outcome)
	}
	if !relLE(p.Bound, p.Cost) {
		t.Errorf("bound %v above cost %v", p.Bound, p.Cost)
	}
	// NTS under way on the SHA (default rates): NTS stays its next step,
	// 100,000 − 30,000 m² to visit; TS and clearance as before.
	pr, err = ApplyProgress(units, nil, []Done{{UnitID: "sha", Step: NTS, Date: day(3), AreaDoneM2: 30000}})
	if err != nil {
		t.Fatal(err)
	}
	var pol *Policy
	full, left := pol.Steps(units[1]), pol.Steps(pr.Units[1])
	if len(left) != 3 || left[0].Kind != NTS || left[0].AreaM2 != 70000 || left[0].ReleasedM2 != full[0].ReleasedM2 ||
		left[1] != full[1] || left[2] != full[2] {
		t.Errorf("steps left %+v, full %+v", left, full)
	}
	for _, tc := range []struct {
		done  []Done
		field string
		msg   string
	}{
		{[]Done{{UnitID: "cha", Step: Clearance, Date: day(1), AreaDoneM2: -1}}, "done_ha", "area done"},
		{[]Done{{UnitID: "cha", Step: Clearance, Date: day(1), AreaDoneM2: math.NaN()}}, "done_ha", "area done"},
		{[]Done{{UnitID: "cha", Step: TS, Date: day(1), AreaDoneM2: 2000}}, "done_ha", "report it finished"},
		{[]Done{{UnitID: "cha", Step: TS, Date: day(1), AreaDoneM2: 10, Result: Reduced}}, "outcome", "no outcome yet"},
		// With the default rates a CHA's next step is TS, not clearance.
		{[]Done{{UnitID: "cha", Step: Clearance, Date: day(1), AreaDoneM2: 10}}, "step", "next step is TS"},
		{[]Done{{UnitID: "sha", Step: NTS, Date: day(1), AreaDoneM2: 10}, {UnitID: "sha", Step: TS, Date: day(2), Result: Reduced}}, "step", "record 0 reports an earlier step under way"},
	} {
		_, err := ApplyProgress(units, nil, tc.done)
		var pe *ProgressError
		if !errors.As(err, &pe) || pe.Field != tc.field || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%+v: got %v, want a ProgressError on %s saying %q", tc.done, err, tc.field, tc.msg)
		}
	}
}
