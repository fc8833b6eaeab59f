package risk

import (
	"context"
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
)

func TestFit(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	p := project(t, randomDataset(rng, scenario{hazards: 30, incidents: 400, settlements: 10, inside: 0.8}))
	a, err := Fit(context.Background(), p, &FitOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Fit(context.Background(), p, &FitOptions{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("Fit differs between 1 and 3 workers")
	}
	if len(a.Folds) != FitFolds || len(a.Candidates) != 324 || a.Default != 0 {
		t.Fatalf("%d folds, %d candidates, default %d", len(a.Folds), len(a.Candidates), a.Default)
	}
	if c, m := a.Candidates[0].model(), (&Model{}).WithDefaults(); !reflect.DeepEqual(c.WithDefaults(), m) {
		t.Fatalf("candidate 0 %+v is not the default", c)
	}
	for i, f := range a.Folds {
		if !f.Origin.Before(f.End) || f.Earlier == 0 || f.Later == 0 || i > 0 && !a.Folds[i-1].Origin.Before(f.Origin) {
			t.Fatalf("fold %d: %+v", i, f)
		}
	}
	for _, c := range a.Candidates {
		if c.Score > a.Candidates[a.Best].Score {
			t.Fatalf("candidate %+v beats the best %+v", c, a.Candidates[a.Best])
		}
	}
	if err := a.Model.Validate(); err != nil || a.Model.Kind != Mixture {
		t.Fatalf("fitted model %+v: %v", a.Model, err)
	}
	if a.Method == "" || a.Shrink < 0 || a.Shrink >= 1 {
		t.Fatalf("method %q, shrink %v", a.Method, a.Shrink)
	}
	t.Logf("%s; model %+v", a.Method, a.Model)
}

func TestFitThinHistory(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	d := randomDataset(rng, scenario{hazards: 10, incidents: 12, settlements: 3, inside: 0.8})
	p := project(t, d)
	f, err := Fit(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	// A dozen incidents: either the default, or at most a short way from it.
	if f.Shrink > float64(12)/(12+FitShrinkIncidents) {
		t.Fatalf("shrink %v with %d early incidents", f.Shrink, f.Early)
	}
	// Undated incidents: nothing to validate on.
	for k := range d.Incidents {
		d.Incidents[k].Date = time.Time{}
	}
	f, err = Fit(context.Background(), project(t, d), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Folds) != 0 || !reflect.DeepEqual(f.Model, Model{}) || !strings.Contains(f.Method, "too short") {
		t.Fatalf("undated: %+v", f)
	}
	if _, err := Fit(context.Background(), &geo.Projected{Incidents: p.Incidents}, nil); !errors.Is(err, ErrSource) {
		t.Fatalf("no source: %v", err)
	}
}
