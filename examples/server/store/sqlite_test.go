package store_test

import (
	"context"
	"testing"

	"github.com/landrelease/clearance/examples/server/store"
	"github.com/landrelease/clearance/examples/server/store/storetest"
)

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := store.OpenSQLite(context.Background(), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// TestSQLiteReopen checks that what is stored outlives the process's
// handle on the file.
func TestSQLiteReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := store.OpenSQLite(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutDataset(ctx, &store.Dataset{ID: "d1", Files: []store.File{{Role: "hazards", Name: "h.geojson", Data: []byte("{}")}}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = store.OpenSQLite(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, err := s.Dataset(ctx, "d1")
	if err != nil || len(d.Files) != 1 || string(d.Files[0].Data) != "{}" {
		t.Fatalf("after reopening: %+v, %v", d, err)
	}
}
