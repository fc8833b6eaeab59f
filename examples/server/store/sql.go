package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	neturl "net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // the "sqlite" database/sql driver
)

// SQLiteFile is the name of the SQLite database OpenSQLite keeps in its
// folder.
const SQLiteFile = "clearance-server.db"

// OpenSQLite opens (creating if needed) the SQLite store in dir, the file
// dir/clearance-server.db, in write-ahead-log mode. dir is created if
// missing.
func OpenSQLite(ctx context.Context, dir string) (Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	path := filepath.Join(dir, SQLiteFile)
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	// One connection: SQLite has one writer, and a single connection
	// serialises the server's requests without busy errors.
	db.SetMaxOpenConns(1)
	s := &sqlStore{db: db, blob: "BLOB"}
	if err := s.init(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	return s, nil
}

// OpenPostgres opens the store in the PostgreSQL database at url
// (postgres://user@host/db; a search_path=schema parameter picks the
// schema, created if missing), creating its tables if missing.
func OpenPostgres(ctx context.Context, url string) (Store, error) {
	u, err := neturl.Parse(url)
	if err != nil {
		return nil, fmt.Errorf("store: PostgreSQL URL: %w", err)
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	s := &sqlStore{db: db, blob: "BYTEA", dollar: true}
	if schema := u.Query().Get("search_path"); schema != "" && !strings.Contains(schema, ",") {
		q := `"` + strings.ReplaceAll(schema, `"`, `""`) + `"`
		if _, err := db.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+q); err != nil {
			db.Close()
			return nil, fmt.Errorf("store: PostgreSQL: schema %s: %w", schema, err)
		}
	}
	if err := s.init(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: PostgreSQL: %w", err)
	}
	return s, nil
}

// sqlStore is a Store over database/sql, SQLite's or PostgreSQL's dialect.
type sqlStore struct {
	db     *sql.DB
	blob   string // the binary column type
	dollar bool   // placeholders $1, $2, ... instead of ?
}

// q rewrites the placeholders ? of query for the dialect.
func (s *sqlStore) q(query string) string {
	if !s.dollar {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (s *sqlStore) init(ctx context.Context) error {
	stmts := []string{
		`CREATE TABLE IF NOT EXISTS server_datasets (
			id TEXT PRIMARY KEY, created TEXT NOT NULL,
			hazards INTEGER NOT NULL, incidents INTEGER NOT NULL,
			settlements INTEGER NOT NULL, area INTEGER NOT NULL, options TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS server_dataset_files (
			dataset_id TEXT NOT NULL REFERENCES server_datasets(id) ON DELETE CASCADE,
			seq INTEGER NOT NULL, role TEXT NOT NULL, name TEXT NOT NULL, data ` + s.blob + ` NOT NULL,
			PRIMARY KEY (dataset_id, seq))`,
		`CREATE TABLE IF NOT EXISTS server_plans (
			id TEXT PRIMARY KEY,
			dataset_id TEXT NOT NULL REFERENCES server_datasets(id) ON DELETE CASCADE,
			created TEXT NOT NULL, status TEXT NOT NULL, error TEXT NOT NULL, params TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS server_plan_files (
			plan_id TEXT NOT NULL REFERENCES server_plans(id) ON DELETE CASCADE,
			seq INTEGER NOT NULL, role TEXT NOT NULL, name TEXT NOT NULL, data ` + s.blob + ` NOT NULL,
			PRIMARY KEY (plan_id, seq))`,
	}
	for _, st := range stmts {
		if _, err := s.db.ExecContext(ctx, st); err != nil {
			return err
		}
	}
	return nil
}

func (s *sqlStore) Close() error { return s.db.Close() }

// tx runs f in a transaction, committed if f returns nil.
func (s *sqlStore) tx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// timeLayout stores times in UTC with a fixed width, so that they sort as text.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func (s *sqlStore) PutDataset(ctx context.Context, d *Dataset) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO server_datasets (id, created, hazards, incidents, settlements, area, options) VALUES (?, ?, ?, ?, ?, ?, ?)`),
			d.ID, d.Created.UTC().Format(timeLayout), d.Hazards, d.Incidents, d.Settlements, d.Area, string(d.Options))
		if err != nil {
			return fmt.Errorf("store: dataset %s: %w", d.ID, err)
		}
		for k, f := range d.Files {
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO server_dataset_files (dataset_id, seq, role, name, data) VALUES (?, ?, ?, ?, ?)`),
				d.ID, k, f.Role, f.Name, nonNil(f.Data)); err != nil {
				return fmt.Errorf("store: dataset %s: file %s: %w", d.ID, f.Name, err)
			}
		}
		return nil
	})
}

// nonNil returns b, or an empty slice for nil (NOT NULL columns).
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

func (s *sqlStore) Dataset(ctx context.Context, id string) (*Dataset, error) {
	ds, err := s.datasets(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(ds) == 0 {
		return nil, fmt.Errorf("dataset %q: %w", id, ErrNotFound)
	}
	d := &ds[0]
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT role, name, data FROM server_dataset_files WHERE dataset_id = ? ORDER BY seq`), id)
	if err != nil {
		return nil, fmt.Errorf("store: dataset %s: %w", id, err)
	}
	defer rows.Close()
	d.Files = nil
	for rows.Next() {
		var f File
		if err := rows.Scan(&f.Role, &f.Name, &f.Data); err != nil {
			return nil, fmt.Errorf("store: dataset %s: %w", id, err)
		}
		f.Size = int64(len(f.Data))
		d.Files = append(d.Files, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: dataset %s: %w", id, err)
	}
	return d, nil
}

func (s *sqlStore) DatasetHeader(ctx context.Context, id string) (*Dataset, error) {
	ds, err := s.datasets(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(ds) == 0 {
		return nil, fmt.Errorf("dataset %q: %w", id, ErrNotFound)
	}
	return &ds[0], nil
}

func (s *sqlStore) Datasets(ctx context.Context) ([]Dataset, error) { return s.datasets(ctx, "") }

// datasets lists the dataset id, or all if id is "", with file names.
func (s *sqlStore) datasets(ctx context.Context, id string) ([]Dataset, error) {
	query := `SELECT id, created, hazards, incidents, settlements, area, options FROM server_datasets`
	var args []any
	if id != "" {
		query += ` WHERE id = ?`
		args = append(args, id)
	}
	rows, err := s.db.QueryContext(ctx, s.q(query+` ORDER BY created DESC, id`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: datasets: %w", err)
	}
	var ds []Dataset
	for rows.Next() {
		var d Dataset
		var created, options string
		if err := rows.Scan(&d.ID, &created, &d.Hazards, &d.Incidents, &d.Settlements, &d.Area, &options); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: datasets: %w", err)
		}
		d.Created, _ = time.Parse(timeLayout, created)
		if options != "" {
			d.Options = []byte(options)
		}
		ds = append(ds, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: datasets: %w", err)
	}
	for k := range ds {
		files, err := s.fileNames(ctx, "server_dataset_files", "dataset_id", ds[k].ID)
		if err != nil {
			return nil, err
		}
		ds[k].Files = files
	}
	return ds, nil
}

// fileNames lists the files of the owner id in table, without data.
func (s *sqlStore) fileNames(ctx context.Context, table, owner, id string) ([]File, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT role, name, length(data) FROM `+table+` WHERE `+owner+` = ? ORDER BY seq`), id)
	if err != nil {
		return nil, fmt.Errorf("store: files of %s: %w", id, err)
	}
	defer rows.Close()
	var fs []File
	for rows.Next() {
		var f File
		if err := rows.Scan(&f.Role, &f.Name, &f.Size); err != nil {
			return nil, fmt.Errorf("store: files of %s: %w", id, err)
		}
		fs = append(fs, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: files of %s: %w", id, err)
	}
	return fs, nil
}

func (s *sqlStore) PutPlan(ctx context.Context, p *Plan) error {
	params := string(p.Params)
	if params == "" {
		params = "{}"
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT count(*) FROM server_datasets WHERE id = ?`), p.DatasetID).Scan(&n); err != nil {
			return fmt.Errorf("store: plan %s: %w", p.ID, err)
		}
		if n == 0 {
			return fmt.Errorf("store: plan %s: dataset %q: %w", p.ID, p.DatasetID, ErrNotFound)
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM server_plan_files WHERE plan_id = ?`), p.ID); err != nil {
			return fmt.Errorf("store: plan %s: %w", p.ID, err)
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM server_plans WHERE id = ?`), p.ID); err != nil {
			return fmt.Errorf("store: plan %s: %w", p.ID, err)
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO server_plans (id, dataset_id, created, status, error, params) VALUES (?, ?, ?, ?, ?, ?)`),
			p.ID, p.DatasetID, p.Created.UTC().Format(timeLayout), p.Status, p.Error, params); err != nil {
			return fmt.Errorf("store: plan %s: %w", p.ID, err)
		}
		for k, f := range p.Files {
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO server_plan_files (plan_id, seq, role, name, data) VALUES (?, ?, ?, ?, ?)`),
				p.ID, k, f.Role, f.Name, nonNil(f.Data)); err != nil {
				return fmt.Errorf("store: plan %s: file %s: %w", p.ID, f.Name, err)
			}
		}
		return nil
	})
}

func (s *sqlStore) Plan(ctx context.Context, id string) (*Plan, error) {
	ps, err := s.plans(ctx, `id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, fmt.Errorf("plan %q: %w", id, ErrNotFound)
	}
	return &ps[0], nil
}

func (s *sqlStore) Plans(ctx context.Context, datasetID string) ([]Plan, error) {
	if datasetID == "" {
		return s.plans(ctx, "")
	}
	return s.plans(ctx, `dataset_id = ?`, datasetID)
}

// plans lists the plans that match where (none if ""), newest first.
func (s *sqlStore) plans(ctx context.Context, where string, args ...any) ([]Plan, error) {
	query := `SELECT id, dataset_id, created, status, error, params FROM server_plans`
	if where != "" {
		query += ` WHERE ` + where
	}
	rows, err := s.db.QueryContext(ctx, s.q(query+` ORDER BY created DESC, id`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: plans: %w", err)
	}
	var ps []Plan
	for rows.Next() {
		var p Plan
		var created, params string
		if err := rows.Scan(&p.ID, &p.DatasetID, &created, &p.Status, &p.Error, &params); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: plans: %w", err)
		}
		p.Created, _ = time.Parse(timeLayout, created)
		p.Params = []byte(params)
		ps = append(ps, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: plans: %w", err)
	}
	for k := range ps {
		files, err := s.fileNames(ctx, "server_plan_files", "plan_id", ps[k].ID)
		if err != nil {
			return nil, err
		}
		ps[k].Files = files
	}
	return ps, nil
}

func (s *sqlStore) SetPlanStatus(ctx context.Context, id, status, errMsg string) error {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE server_plans SET status = ?, error = ? WHERE id = ?`), status, errMsg, id)
	if err != nil {
		return fmt.Errorf("store: plan %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("plan %q: %w", id, ErrNotFound)
	}
	return nil
}

func (s *sqlStore) PlanFile(ctx context.Context, id, name string) ([]byte, error) {
	var data []byte
	err := s.db.QueryRowContext(ctx, s.q(`SELECT data FROM server_plan_files WHERE plan_id = ? AND name = ? ORDER BY seq LIMIT 1`), id, name).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("plan %q: file %q: %w", id, name, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: plan %s: %w", id, err)
	}
	return nonNil(data), nil
}
