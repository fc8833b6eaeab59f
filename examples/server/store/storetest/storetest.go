// Package storetest holds the tests every store.Store must pass: run them
// from a store's own test with Run, giving a function that opens an empty
// store (package store's TestSQLite and TestPostgres do):
//
//	func TestMyStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store {
//			s, err := mystore.Open(t.TempDir())
//			if err != nil {
//				t.Fatal(err)
//			}
//			t.Cleanup(func() { s.Close() })
//			return s
//		})
//	}
//
// It has no runnable example: the suite needs a *testing.T.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/landrelease/clearance/examples/server/store"
)

// Run runs the suite on fresh stores made by open, one per subtest; open
// must return an empty store and may register its cleanup on t.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("DatasetRoundTrip", func(t *testing.T) { datasetRoundTrip(t, open(t)) })
	t.Run("DatasetIDTaken", func(t *testing.T) { datasetIDTaken(t, open(t)) })
	t.Run("NotFound", func(t *testing.T) { notFound(t, open(t)) })
	t.Run("PlanReplace", func(t *testing.T) { planReplace(t, open(t)) })
	t.Run("PlanNeedsDataset", func(t *testing.T) { planNeedsDataset(t, open(t)) })
	t.Run("Concurrent", func(t *testing.T) { concurrent(t, open(t)) })
}

var t0 = time.Date(2027, 3, 1, 8, 30, 0, 123456789, time.UTC)

func sample(id string, created time.Time) *store.Dataset {
	return &store.Dataset{
		ID: id, Created: created,
		Counts:  store.Counts{Hazards: 3, Incidents: 5, Settlements: 7},
		Options: []byte(`{"lenient":true}`),
		Files: []store.File{
			{Role: "hazards", Name: "h.shp", Data: []byte{0, 1, 2, 255}},
			{Role: "hazards", Name: "h.dbf", Data: []byte("dbf")},
			{Role: "incidents", Name: "i.csv", Data: []byte("id,lat,lon\n")},
			{Role: "villages", Name: "v.geojson", Data: []byte{}},
		},
	}
}

func datasetRoundTrip(t *testing.T, s store.Store) {
	ctx := context.Background()
	want := sample("d1", t0)
	if err := s.PutDataset(ctx, want); err != nil {
		t.Fatal(err)
	}
	if err := s.PutDataset(ctx, sample("d2", t0.Add(time.Second))); err != nil {
		t.Fatal(err)
	}
	got, err := s.Dataset(ctx, "d1")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "d1" || !got.Created.Equal(t0) || got.Counts != want.Counts || string(got.Options) != string(want.Options) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if len(got.Files) != len(want.Files) {
		t.Fatalf("got %d files, want %d", len(got.Files), len(want.Files))
	}
	for k, f := range got.Files {
		w := want.Files[k]
		if f.Role != w.Role || f.Name != w.Name || !bytes.Equal(f.Data, w.Data) || f.Size != int64(len(w.Data)) {
			t.Errorf("file %d: got %s %s %q (%d), want %s %s %q", k, f.Role, f.Name, f.Data, f.Size, w.Role, w.Name, w.Data)
		}
	}
	h, err := s.DatasetHeader(ctx, "d1")
	if err != nil {
		t.Fatal(err)
	}
	if h.ID != "d1" || h.Counts != want.Counts || len(h.Files) != 4 || h.Files[0].Data != nil || h.Files[0].Size != 4 || h.Files[1].Name != "h.dbf" {
		t.Errorf("DatasetHeader: %+v", h)
	}
	list, err := s.Datasets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != "d2" || list[1].ID != "d1" {
		t.Fatalf("Datasets: got %+v, want d2 then d1", list)
	}
	if len(list[1].Files) != 4 || list[1].Files[0].Data != nil || list[1].Files[0].Size != 4 {
		t.Errorf("Datasets: files %+v, want 4 names with sizes and no data", list[1].Files)
	}
}

func datasetIDTaken(t *testing.T, s store.Store) {
	ctx := context.Background()
	if err := s.PutDataset(ctx, sample("d1", t0)); err != nil {
		t.Fatal(err)
	}
	other := sample("d1", t0.Add(time.Hour))
	other.Hazards = 99
	if err := s.PutDataset(ctx, other); err == nil {
		t.Fatal("a second dataset with the same id was stored")
	}
	got, err := s.Dataset(ctx, "d1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Hazards != 3 || len(got.Files) != 4 {
		t.Errorf("the failed put changed the dataset: %+v", got)
	}
}

func notFound(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, err := s.Dataset(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Dataset: got %v, want ErrNotFound", err)
	}
	if _, err := s.DatasetHeader(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("DatasetHeader: got %v, want ErrNotFound", err)
	}
	if _, err := s.Plan(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Plan: got %v, want ErrNotFound", err)
	}
	if _, err := s.PlanFile(ctx, "nope", "summary.md"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("PlanFile: got %v, want ErrNotFound", err)
	}
	list, err := s.Datasets(ctx)
	if err != nil || len(list) != 0 {
		t.Errorf("Datasets of an empty store: %v, %v", list, err)
	}
}

func planReplace(t *testing.T, s store.Store) {
	ctx := context.Background()
	if err := s.PutDataset(ctx, sample("d1", t0)); err != nil {
		t.Fatal(err)
	}
	p := &store.Plan{ID: "p1", DatasetID: "d1", Created: t0, Status: store.StatusRunning,
		Params: []byte(`{"block_m":500}`),
		Files:  []store.File{{Role: "teams", Name: "teams.json", Data: []byte(`{"teams":[]}`)}}}
	if err := s.PutPlan(ctx, p); err != nil {
		t.Fatal(err)
	}
	p.Status = store.StatusDone
	p.Files = append(p.Files, store.File{Name: "summary.md", Data: []byte("# plan\n")},
		store.File{Name: "teams/001-A.kmz", Data: []byte("PK")})
	if err := s.PutPlan(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, err := s.Plan(ctx, "p1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != store.StatusDone || got.DatasetID != "d1" || string(got.Params) != `{"block_m":500}` || !got.Created.Equal(t0) {
		t.Errorf("got %+v", got)
	}
	if len(got.Files) != 3 || got.Files[1].Name != "summary.md" || got.Files[1].Size != 7 || got.Files[1].Data != nil {
		t.Errorf("files %+v", got.Files)
	}
	data, err := s.PlanFile(ctx, "p1", "teams/001-A.kmz")
	if err != nil || string(data) != "PK" {
		t.Errorf("PlanFile: %q, %v", data, err)
	}
	if _, err := s.PlanFile(ctx, "p1", "burndown.png"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("PlanFile of a missing file: %v, want ErrNotFound", err)
	}
	if err := s.SetPlanStatus(ctx, "p1", store.StatusFailed, "server stopped"); err != nil {
		t.Fatal(err)
	}
	got, err = s.Plan(ctx, "p1")
	if err != nil || got.Status != store.StatusFailed || got.Error != "server stopped" || len(got.Files) != 3 {
		t.Errorf("after SetPlanStatus: %+v, %v", got, err)
	}
	if data, err := s.PlanFile(ctx, "p1", "summary.md"); err != nil || string(data) != "# plan\n" {
		t.Errorf("SetPlanStatus lost a file: %q, %v", data, err)
	}
	if err := s.SetPlanStatus(ctx, "nope", store.StatusFailed, ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetPlanStatus of a missing plan: %v, want ErrNotFound", err)
	}
	list, err := s.Plans(ctx, "d1")
	if err != nil || len(list) != 1 {
		t.Fatalf("Plans: %v, %v", list, err)
	}
	if list, err := s.Plans(ctx, "d2"); err != nil || len(list) != 0 {
		t.Errorf("Plans of another dataset: %v, %v", list, err)
	}
}

func planNeedsDataset(t *testing.T, s store.Store) {
	ctx := context.Background()
	err := s.PutPlan(ctx, &store.Plan{ID: "p1", DatasetID: "missing", Created: t0, Status: store.StatusQueued})
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a plan of a missing dataset: %v, want ErrNotFound", err)
	}
	if _, err := s.Plan(ctx, "p1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the refused plan was stored: %v", err)
	}
}

// concurrent writes and reads from many goroutines; every write must land.
func concurrent(t *testing.T, s store.Store) {
	ctx := context.Background()
	const n = 16
	var wg sync.WaitGroup
	errs := make(chan error, 4*n)
	for k := range n {
		wg.Go(func() {
			id := fmt.Sprintf("d%02d", k)
			if err := s.PutDataset(ctx, sample(id, t0.Add(time.Duration(k)*time.Millisecond))); err != nil {
				errs <- err
				return
			}
			p := &store.Plan{ID: "p" + id, DatasetID: id, Created: t0, Status: store.StatusDone,
				Files: []store.File{{Name: "summary.md", Data: []byte(id)}}}
			if err := s.PutPlan(ctx, p); err != nil {
				errs <- err
				return
			}
			if _, err := s.Datasets(ctx); err != nil {
				errs <- err
			}
			data, err := s.PlanFile(ctx, "p"+id, "summary.md")
			if err != nil || string(data) != id {
				errs <- fmt.Errorf("plan p%s: %q, %v", id, data, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	list, err := s.Datasets(ctx)
	if err != nil || len(list) != n {
		t.Errorf("Datasets: %d, %v; want %d", len(list), err, n)
	}
}
