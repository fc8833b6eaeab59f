package planning

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

func TestForecast(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	units, teams := randInstance(r, 120, 3, true)
	start := time.Date(2025, 10, 15, 0, 0, 0, 0, time.UTC)
	p, err := Schedule(context.Background(), units, teams, &Config{Calendar: Calendar{Start: start, OffMonths: []time.Month{time.January, time.February}}})
	if err != nil {
		t.Fatal(err)
	}
	f := p.Forecast(&National{BaselineHa: 140000, TaskHa: 1040000})
	if len(f.Months) == 0 || !f.LastRelease.Equal(p.LastRelease) {
		t.Fatalf("months %d, last %v vs %v", len(f.Months), f.LastRelease, p.LastRelease)
	}
	var want Outcome
	for _, u := range p.Units {
		want.CancelledM2 += u.Outcome.CancelledM2
		want.ReducedM2 += u.Outcome.ReducedM2
		want.ClearedM2 += u.Outcome.ClearedM2
	}
	var got Outcome
	prevRem, prevRisk, prevShare := p.TotalAreaM2, p.TotalRisk, 0.0
	for i, m := range f.Months {
		got.CancelledM2 += m.CancelledM2
		got.ReducedM2 += m.ReducedM2
		got.ClearedM2 += m.ClearedM2
		if m.RemainingM2 > prevRem+1e-6 || m.ResidualRisk > prevRisk+1e-9 || m.NationalShare < prevShare {
			t.Fatalf("month %d rises: %+v", i, m)
		}
		if (m.Month.Month() == time.January || m.Month.Month() == time.February) &&
			(m.WorkDays != 0 || m.ClearedM2+m.ReducedM2+m.CancelledM2 != 0) {
			t.Fatalf("work in an off month: %+v", m)
		}
		if i > 0 && m.Month.AddDate(0, -1, 0) != f.Months[i-1].Month {
			t.Fatalf("month %d not consecutive", i)
		}
		prevRem, prevRisk, prevShare = m.RemainingM2, m.ResidualRisk, m.NationalShare
	}
	for _, pair := range [][2]float64{{got.CancelledM2, want.CancelledM2}, {got.ReducedM2, want.ReducedM2}, {got.ClearedM2, want.ClearedM2}} {
		if math.Abs(pair[0]-pair[1]) > 1e-6*p.TotalAreaM2 {
			t.Fatalf("released %+v, want %+v", got, want)
		}
	}
	last := f.Months[len(f.Months)-1]
	if last.RemainingM2 != 0 || last.ResidualRisk != 0 {
		t.Fatalf("last month %+v", last)
	}
	if share := (140000 + p.TotalAreaM2/1e4) / 1040000; math.Abs(last.NationalShare-share) > 1e-9 {
		t.Fatalf("share %v, want %v", last.NationalShare, share)
	}
	if y, m, _ := p.LastRelease.Add(-time.Second).Date(); last.Month != time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) {
		t.Fatalf("last month %v, last release %v", last.Month, p.LastRelease)
	}
	// No hidden national figures: without them there is no national share.
	for _, nat := range []*National{nil, {}, {BaselineHa: -1}} {
		f := p.Forecast(nat)
		if f.BaselineHa != 0 || f.TaskHa != 0 {
			t.Fatalf("Forecast(%+v): baseline %v, task %v; want none", nat, f.BaselineHa, f.TaskHa)
		}
		for _, m := range f.Months {
			if m.NationalShare != 0 {
				t.Fatalf("Forecast(%+v): national share %v without a task", nat, m.NationalShare)
			}
		}
	}
	if f := p.Forecast(&National{BaselineHa: 500}); f.TaskHa != 500+p.TotalAreaM2/1e4 {
		t.Fatalf("a baseline alone: task %v, want the baseline plus the plan", f.TaskHa)
	}
}
