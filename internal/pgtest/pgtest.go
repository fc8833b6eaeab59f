// Package pgtest gives the integration tests a PostgreSQL database with
// PostGIS: the URL in CLEARANCE_TEST_POSTGRES (.ci/postgres starts a
// private cluster and prints it). Without one the tests skip, saying how to
// get one, unless CI is set: under CI they fail.
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env is the variable holding the test database's URL.
const Env = "CLEARANCE_TEST_POSTGRES"

// URL returns the test database's URL, after checking that it answers
// and has PostGIS. It skips t when there is none, or fails it under CI.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(Env)
	miss := func(why string) {
		t.Helper()
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set and %s: .ci/run starts one with .ci/postgres", why)
		}
		t.Skipf("%s: run eval \"$(bash .ci/postgres start)\" to test against PostgreSQL with PostGIS", why)
	}
	if u == "" {
		miss(Env + " is not set")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		miss(fmt.Sprintf("no PostgreSQL answers at %s (%v)", Env, err))
	}
	defer conn.Close(ctx)
	var v string
	if err := conn.QueryRow(ctx, "SELECT postgis_version()").Scan(&v); err != nil {
		miss(fmt.Sprintf("the database at %s has no PostGIS (%v)", Env, err))
	}
	return u
}

var notIdent = regexp.MustCompile(`[^a-z0-9_]+`)

// Schema creates an empty schema named after t (dropped when t ends, with
// everything in it) and returns its name and the URL with table=
// schema.table for each table named.
func Schema(t testing.TB, base string, tables ...string) (string, []string) {
	t.Helper()
	name := "t_" + strings.Trim(notIdent.ReplaceAllString(strings.ToLower(t.Name()), "_"), "_")
	if len(name) > 60 {
		name = name[:60]
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	q := `"` + name + `"`
	if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+q+" CASCADE; CREATE SCHEMA "+q); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if conn, err := pgx.Connect(ctx, base); err == nil {
			conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+q+" CASCADE")
			conn.Close(ctx)
		}
	})
	urls := make([]string, len(tables))
	for i, tb := range tables {
		urls[i] = WithTable(base, name+"."+tb)
	}
	return name, urls
}

// WithTable returns base with table=table added.
func WithTable(base, table string) string {
	return withParam(base, "table", table)
}

// WithSearchPath returns base with search_path=schema added, for a
// connection whose unqualified tables live in schema.
func WithSearchPath(base, schema string) string {
	return withParam(base, "search_path", schema)
}

func withParam(base, key, value string) string {
	u, err := url.Parse(base)
	if err != nil {
		panic("pgtest: " + err.Error())
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// Exec runs SQL statements on the database at base.
func Exec(t testing.TB, base string, sql ...string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, s := range sql {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}
