package planning

import (
	"context"
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
)

// TestSimulate: the same seed gives the same result for any worker count;
// quantiles are ordered; with every sigma off each run is the plan without
// local improvement; and drawn productivity does spread the dates.
func TestSimulate(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	units, teams := randInstance(r, 60, 2, true)
	cfg := &Config{Calendar: Calendar{Start: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)}}
	ctx := context.Background()
	one, err := Simulate(ctx, units, teams, cfg, &UncertaintyOptions{Runs: 12, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{2, 5} {
		got, err := Simulate(ctx, units, teams, cfg, &UncertaintyOptions{Runs: 12, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		got.Options.Workers = 1
		if !reflect.DeepEqual(got, one) {
			t.Errorf("%d workers: the result differs from 1 worker's", w)
		}
	}
	q := one.LastReleaseDay
	if !(q[P10] <= q[P50] && q[P50] <= q[P90]) || !(q[P10] < q[P90]) {
		t.Errorf("last release quantiles %v: not ordered or no spread", q)
	}
	if !(one.LastWorkDay[P10].Before(one.LastWorkDay[P90])) {
		t.Errorf("dates %v", one.LastWorkDay)
	}
	for i, u := range one.UnitReleaseDay {
		if !(u[P10] <= u[P50] && u[P50] <= u[P90]) {
			t.Fatalf("unit %d quantiles %v", i, u)
		}
	}
	for m := range one.Remaining {
		if rq := one.Remaining[m]; !(rq[P10] <= rq[P50] && rq[P50] <= rq[P90]) || rq[P90] > 1 || rq[P10] < 0 {
			t.Fatalf("month %d remaining %v", m, rq)
		}
	}

	off, err := Simulate(ctx, units, teams, cfg, &UncertaintyOptions{Runs: 3, MethodSigma: -1, TeamSigma: -1, ShareSigma: -1})
	if err != nil {
		t.Fatal(err)
	}
	c := *cfg
	c.Budget = -1
	p, err := Schedule(ctx, units, teams, &c)
	if err != nil {
		t.Fatal(err)
	}
	if off.LastReleaseDay != (Quantiles{p.LastReleaseDay, p.LastReleaseDay, p.LastReleaseDay}) {
		t.Errorf("no uncertainty: %v, want the plan's %v", off.LastReleaseDay, p.LastReleaseDay)
	}
	if !off.LastWorkDay[P50].Equal(p.LastWorkDay()) {
		t.Errorf("no uncertainty: P50 date %v, want the plan's %v", off.LastWorkDay[P50], p.LastWorkDay())
	}

	bad := slices.Clone(units)
	bad[5].ID = bad[2].ID
	if _, err := Simulate(ctx, bad, teams, cfg, &UncertaintyOptions{Runs: 3}); !errors.Is(err, ErrDuplicateID) {
		t.Errorf("duplicate unit ID: %v, want ErrDuplicateID", err)
	}
	if _, err := Simulate(ctx, units, teams, cfg, &UncertaintyOptions{Runs: -1}); err == nil {
		t.Error("negative runs: no error")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Simulate(cctx, units, teams, cfg, nil); err == nil {
		t.Error("cancelled context: no error")
	}
}

func TestQuantiles(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want Quantiles
	}{
		{[]float64{5}, Quantiles{5, 5, 5}},
		{[]float64{3, 1, 2}, Quantiles{1, 2, 3}},
		{[]float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, Quantiles{1, 5, 9}},
	} {
		if got := quantiles(append([]float64(nil), c.in...)); got != c.want {
			t.Errorf("quantiles(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestLogitShift(t *testing.T) {
	for _, c := range []struct{ r, eps, want float64 }{{0, 1, 0}, {1, -1, 1}, {0.5, 0, 0.5}} {
		if got := logitShift(c.r, c.eps); got != c.want {
			t.Errorf("logitShift(%v, %v) = %v, want %v", c.r, c.eps, got, c.want)
		}
	}
	if up, down := logitShift(0.32, 0.35), logitShift(0.32, -0.35); !(up > 0.32 && down < 0.32 && up < 1 && down > 0) {
		t.Errorf("shifts of 0.32: %v, %v", up, down)
	}
}

// TestDrawRecord: a draw's record (what Simulate reads, no jobs) gives
// exactly the release days and the released area by month that the full
// plan of the same order and its Forecast give, with and without
// logistics, closures and local improvement.
func TestDrawRecord(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(6) {
		r := rand.New(rand.NewPCG(seed, 7))
		units, teams := randInstance(r, 80, 3, true)
		cfg := Config{Calendar: Calendar{Start: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)}, Budget: -1}
		switch seed % 3 {
		case 1:
			cfg.Logistics = &Logistics{CommuteKm: 15, RelocationDays: 2}
		case 2:
			cfg.Budget = 20_000
			units[3].Closures = []Closure{{From: time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2027, 9, 1, 0, 0, 0, 0, time.UTC)}}
		}
		full, err := Schedule(ctx, units, teams, &cfg)
		if err != nil {
			t.Fatal(err)
		}
		dc := cfg
		dc.draw = true
		d, err := Schedule(ctx, units, teams, &dc)
		if err != nil {
			t.Fatal(err)
		}
		if d.Jobs != nil || d.Units != nil || len(d.draws) != len(full.Jobs) {
			t.Fatalf("seed %d: the draw has %d jobs, %d units, %d draw jobs; want none, none, %d", seed, len(d.Jobs), len(d.Units), len(d.draws), len(full.Jobs))
		}
		for i := range full.Units {
			if d.drawDay[i] != full.Units[i].ReleaseDay {
				t.Fatalf("seed %d unit %d: draw release day %v, plan's %v", seed, i, d.drawDay[i], full.Units[i].ReleaseDay)
			}
		}
		f := full.Forecast(&National{BaselineHa: -1})
		months, released := d.drawRelease()
		if len(months) != len(f.Months) || len(released) != len(f.Months) || len(months) == 0 {
			t.Fatalf("seed %d: %d and %d months, the forecast's %d", seed, len(months), len(released), len(f.Months))
		}
		for i, m := range f.Months {
			if !months[i].Equal(m.Month) || released[i] != full.TotalAreaM2-m.RemainingM2 {
				t.Fatalf("seed %d month %d: %v, %v released; the forecast's %v, %v", seed, i, months[i], released[i], m.Month, full.TotalAreaM2-m.RemainingM2)
			}
		}
	}
}
