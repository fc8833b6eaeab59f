package postgis

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ErrURL: a postgres:// URL that names no table or query, or both, or a
// table name that is not schema.name or name.
var ErrURL = errors.New("geo: bad PostGIS layer URL")

// IsURL reports whether s is a PostgreSQL URL (postgres:// or
// postgresql://, in any case).
func IsURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// Source is a layer URL taken apart.
type Source struct {
	// Conn is the URL without the table and query parameters, for pgx.
	Conn string
	// Schema and Table name a table ("" schema: the search path), or
	// Query is a SELECT; one of Table and Query is set.
	Schema, Table string
	Query         string
}

// String returns the URL without its password, for messages.
func (s Source) String() string {
	u, err := url.Parse(s.Conn)
	if err != nil {
		return "postgres://?"
	}
	u.User = userOnly(u.User)
	q := u.Query()
	switch {
	case s.Table != "" && s.Schema != "":
		q.Set("table", s.Schema+"."+s.Table)
	case s.Table != "":
		q.Set("table", s.Table)
	case s.Query != "":
		q.Set("query", s.Query)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func userOnly(u *url.Userinfo) *url.Userinfo {
	if u == nil {
		return nil
	}
	return url.User(u.Username())
}

// Parse takes a layer URL apart (see the package doc). When the URL names
// no table or query, defaultTable ("" for none) is the table; a URL with
// both, or with neither and no default, is an error wrapping ErrURL. Table
// names are taken as given: schema.name splits at the first dot, and
// double quotes around a part are removed.
func Parse(raw, defaultTable string) (Source, error) {
	if !IsURL(raw) {
		return Source{}, fmt.Errorf("%q is not a postgres:// URL: %w", redact(raw), ErrURL)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return Source{}, fmt.Errorf("%s: %w", redact(raw), ErrURL)
	}
	q := u.Query()
	table, query := q.Get("table"), q.Get("query")
	q.Del("table")
	q.Del("query")
	u.RawQuery = q.Encode()
	s := Source{Conn: u.String(), Query: strings.TrimSpace(query)}
	switch {
	case table != "" && s.Query != "":
		return Source{}, fmt.Errorf("%s: both table and query: %w", redact(raw), ErrURL)
	case table == "" && s.Query == "":
		table = defaultTable
		if table == "" {
			return Source{}, fmt.Errorf("%s: no table=schema.name or query=SELECT...: %w", redact(raw), ErrURL)
		}
	}
	if table != "" {
		sch, name, found := strings.Cut(table, ".")
		if !found {
			sch, name = "", table
		}
		s.Schema, s.Table = strings.Trim(sch, `"`), strings.Trim(name, `"`)
		if s.Table == "" || found && s.Schema == "" {
			return Source{}, fmt.Errorf("%s: table %q: %w", redact(raw), table, ErrURL)
		}
	}
	return s, nil
}

// redact returns a URL without its password.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		if err != nil {
			return "postgres://?"
		}
		return raw
	}
	u.User = userOnly(u.User)
	return u.String()
}

// quoteIdent quotes a PostgreSQL identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// tableName returns the quoted, schema-qualified table.
func (s Source) tableName() string {
	if s.Schema == "" {
		return quoteIdent(s.Table)
	}
	return quoteIdent(s.Schema) + "." + quoteIdent(s.Table)
}
