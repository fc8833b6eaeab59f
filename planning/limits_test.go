package planning

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
)

// TestLimits: inputs past the documented limits are refused, before any
// allocation, by Schedule, LowerBound and HorizonBound, with an error
// wrapping ErrLimit that names the team and field or the limit. (A count
// of 1e9 would otherwise die out of memory; 0.001 m²/day would run for
// hours.)
func TestLimits(t *testing.T) {
	units := []Unit{{ID: "a", Kind: geo.CHA, AreaM2: 1e4, Risk: 1}}
	ts := Team{Name: "TS", Method: MethodTS}
	start := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		units []Unit
		teams []Team
		cfg   *Config
		has   string
	}{
		{"count 1e9", units, []Team{ts, {Name: "M", Method: MethodManual, Count: 1e9}}, nil, `team 1 ("M"): Count`},
		{"counts summing past the limit", units, []Team{ts, {Method: MethodManual, Count: 6000}, {Method: MethodManual, Count: 6000}}, nil, "10000"},
		{"0.001 m² a day", units, []Team{ts, {Name: "slow", Method: MethodManual, M2PerDay: 0.001}}, nil, "M2PerDay"},
		{"a plan of over 1000 years", []Unit{{ID: "a", Kind: geo.CHA, AreaM2: 1e9, Risk: 1}}, []Team{ts, {Method: MethodManual, M2PerDay: 2}}, nil, "MaxPlanYears"},
		{"a horizon 2000 years ahead", units, []Team{ts, {Method: MethodManual}}, &Config{Calendar: Calendar{Start: start}, Horizon: start.AddDate(2000, 0, 0)}, "Config.Horizon"},
		{"a model too large", manyUnits(20000), []Team{ts, {Method: MethodManual, Count: 9999}}, nil, "MaxModelEntries"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Schedule(context.Background(), c.units, c.teams, c.cfg)
			if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), c.has) {
				t.Fatalf("Schedule: %v; want ErrLimit naming %q", err, c.has)
			}
			if c.cfg == nil {
				if _, err := LowerBound(c.units, c.teams, nil); !errors.Is(err, ErrLimit) {
					t.Errorf("LowerBound: %v", err)
				}
				if _, err := HorizonBound(c.units, c.teams, nil, 100); !errors.Is(err, ErrLimit) {
					t.Errorf("HorizonBound: %v", err)
				}
			}
		})
	}
	// At the limits, a plan is made.
	if _, err := Schedule(context.Background(), units, []Team{ts, {Method: MethodManual, M2PerDay: MinM2PerDay, Count: MaxTeams - 1}}, &Config{Budget: -1}); err != nil {
		t.Errorf("at the limits: %v", err)
	}
}

func manyUnits(n int) []Unit {
	us := make([]Unit, n)
	for i := range us {
		us[i] = Unit{ID: string(rune('a'+i%26)) + strings.Repeat("x", i/26), Kind: geo.CHA, AreaM2: 1e4, Risk: 1}
	}
	return us
}

// failAfter is a context whose Err turns to context.Canceled after n calls.
type failAfter struct {
	context.Context
	left atomic.Int64
}

func (f *failAfter) Err() error {
	if f.left.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// TestScheduleCancelledInLoop: the scheduler's list scheduling checks the
// context within its loop, not only between the swaps of local
// improvement: with improvement off (Budget -1), a context that fails at
// its first check stops a large schedule.
func TestScheduleCancelledInLoop(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	units, teams := randInstance(r, 3000, 400, false)
	ctx := &failAfter{Context: context.Background()}
	if _, err := Schedule(ctx, units, teams, &Config{Budget: -1}); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	// The same with a live context makes a plan.
	ctx.left.Store(1 << 40)
	if _, err := Schedule(ctx, units, teams, &Config{Budget: -1}); err != nil {
		t.Fatal(err)
	}
}
