package store_test

import (
	"context"
	"database/sql"
	"net/url"
	"testing"

	"github.com/landrelease/clearance/examples/server/store"
	"github.com/landrelease/clearance/examples/server/store/storetest"
	"github.com/landrelease/clearance/internal/pgtest"
)

// TestPostgres runs the suite in a schema of its own in the test database
// (CLEARANCE_TEST_POSTGRES); it skips without one, except under CI.
func TestPostgres(t *testing.T) {
	base := pgtest.URL(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		schema, _ := pgtest.Schema(t, base)
		s, err := store.OpenPostgres(context.Background(), pgtest.WithSearchPath(base, schema))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// TestPostgresNewSchema checks that the schema of search_path is created
// when missing.
func TestPostgresNewSchema(t *testing.T) {
	base := pgtest.URL(t)
	schema, _ := pgtest.Schema(t, base)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema+"_new")
	u.RawQuery = q.Encode()
	t.Cleanup(func() {
		if db, err := sql.Open("pgx", base); err == nil {
			db.Exec(`DROP SCHEMA IF EXISTS "` + schema + `_new" CASCADE`)
			db.Close()
		}
	})
	s, err := store.OpenPostgres(context.Background(), u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.PutDataset(context.Background(), &store.Dataset{ID: "d"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Dataset(context.Background(), "d"); err != nil {
		t.Fatal(err)
	}
}
