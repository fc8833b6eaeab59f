package risk

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/landrelease/clearance/geo"
)

// TestScoreNotFinite checks that a NaN or infinite coordinate reaching
// Score is an error naming what holds it, never a panic.
func TestScoreNotFinite(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(-1)
	tests := []struct {
		name    string
		useArea bool
		spoil   func(p *geo.Projected)
		want    string
	}{
		{"hazard vertex", false, func(p *geo.Projected) { p.Hazards[1][0][0][2].X = nan }, "the hazards: geo: polygon 1, part 0, ring 0, vertex 2"},
		{"hazard hole vertex", false, func(p *geo.Projected) {
			p.Hazards[0][0] = append(p.Hazards[0][0], geo.RingXY{{X: 1, Y: 1}, {X: 2, Y: inf}, {X: 2, Y: 2}, {X: 1, Y: 1}})
		}, "ring 1, vertex 1"},
		{"area vertex", true, func(p *geo.Projected) {
			p.Area = geo.MultiPolygonXY{{{{X: 0, Y: 0}, {X: inf, Y: 0}, {X: 1, Y: 1}, {X: 0, Y: 0}}}}
		}, "the area of interest"},
		{"incident", false, func(p *geo.Projected) { p.Incidents[4].Y = nan }, "incident 4"},
		{"settlement", false, func(p *geo.Projected) { p.Settlements[1].X = inf }, "settlement 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 1))
			p := project(t, randomDataset(rng, scenario{hazards: 3, incidents: 10, settlements: 3}))
			tt.spoil(p)
			_, err := (&Model{}).Score(context.Background(), p, &ScoreOptions{UseArea: tt.useArea})
			if !errors.Is(err, geo.ErrNotFinite) {
				t.Fatalf("Score: %v, want an error wrapping geo.ErrNotFinite", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

func TestScoreMaxCells(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	p := project(t, randomDataset(rng, scenario{hazards: 3, incidents: 10, settlements: 3}))
	est, err := geo.Grid{}.EstimateCells(p.Hazards)
	if err != nil {
		t.Fatal(err)
	}
	full, err := (&Model{}).Score(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(full.Cells)) > est {
		t.Fatalf("estimate %d below the %d cells scored", est, len(full.Cells))
	}
	for _, tt := range []struct {
		name     string
		maxCells int
		fail     bool
	}{
		{"default", 0, false}, {"no limit", -1, false}, {"at the estimate", int(est), false}, {"below it", int(est) - 1, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := (&Model{}).Score(context.Background(), p, &ScoreOptions{MaxCells: tt.maxCells})
			if !tt.fail {
				if err != nil || len(s.Cells) != len(full.Cells) {
					t.Fatalf("Score: %v", err)
				}
				return
			}
			var le *geo.CellLimitError
			if !errors.As(err, &le) || !errors.Is(err, geo.ErrTooManyCells) {
				t.Fatalf("Score: %v, want a *geo.CellLimitError", err)
			}
			if le.Cells != est || le.Limit != int64(tt.maxCells) || le.BytesPerCell != BytesPerCell || le.What != "the hazards" {
				t.Errorf("error %+v", le)
			}
			if !strings.Contains(err.Error(), "ScoreOptions.MaxCells") {
				t.Errorf("error %q does not say how to raise the limit", err)
			}
		})
	}
}
