// Package store keeps what the server is given and what it makes: the
// uploaded files of each dataset, and each plan with its status and reports.
// A Store is an interface so a program can keep them where it likes; this
// package has two, both behind database/sql: SQLite in a folder (pure Go,
// modernc.org/sqlite, nothing to install) and PostgreSQL (pgx). Package
// storetest holds the tests every Store must pass.
//
// Every method is safe for concurrent use. A write is atomic: a dataset is
// stored with all its files or not at all, a plan with all its reports or not
// at all, so a server stopped at any moment loses no stored data and leaves
// nothing half-written.
package store

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned (wrapped) for an id that names nothing stored.
var ErrNotFound = errors.New("store: not found")

// File is one stored file: an uploaded input or a plan's report.
type File struct {
	// Role is what the file is for: "hazards", "incidents", "villages",
	// "area" or "teams" for inputs (a Shapefile's sidecars share the role of
	// their .shp); "" for a report.
	Role string `json:"role,omitempty"`
	// Name is the file's base name, with its extension (which picks the
	// reader), or a report's path relative to the plan's folder
	// ("teams/001-Manual-A.kmz").
	Name string `json:"name"`
	// Data is the file's content; nil when only the names were asked for.
	Data []byte `json:"-"`
	// Size is len(Data) as stored, set even when Data is not loaded.
	Size int64 `json:"size"`
}

// Counts are the features of a dataset, by layer.
type Counts struct {
	Hazards     int `json:"hazards"`
	Incidents   int `json:"incidents"`
	Settlements int `json:"villages"`
	Area        int `json:"area"`
}

// Dataset is an uploaded dataset: its files and what they hold.
type Dataset struct {
	ID      string    `json:"id"`
	Created time.Time `json:"created"`
	Counts
	// Options are how the files are read (the upload's reading options as
	// JSON), kept as given; nil means none.
	Options []byte `json:"-"`
	// Files are the uploaded files, in upload order.
	Files []File `json:"files"`
}

// Plan statuses.
const (
	StatusQueued    = "queued"
	StatusRunning   = "running"
	StatusDone      = "done"
	StatusFailed    = "failed"
	StatusCancelled = "cancelled"
)

// Plan is a plan of a dataset: its parameters, where it stands, and when
// done its reports.
type Plan struct {
	ID        string    `json:"id"`
	DatasetID string    `json:"dataset"`
	Created   time.Time `json:"created"`
	// Status is one of the Status constants; Error says why a plan failed
	// or was cancelled.
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
	// Params are the plan's parameters as JSON, kept as given.
	Params []byte `json:"-"`
	// Files are the teams file (Role "teams") and, when done, the reports.
	Files []File `json:"files"`
}

// Store keeps datasets and plans. Ids are chosen by the caller and unique.
type Store interface {
	// PutDataset stores d with its files, atomically. It fails if d.ID is
	// taken.
	PutDataset(ctx context.Context, d *Dataset) error
	// Dataset returns the dataset id with its files' data.
	Dataset(ctx context.Context, id string) (*Dataset, error)
	// DatasetHeader returns the dataset id with its files' names and
	// sizes but not their data.
	DatasetHeader(ctx context.Context, id string) (*Dataset, error)
	// Datasets lists the datasets, newest first, with their files' names
	// and sizes but not their data.
	Datasets(ctx context.Context) ([]Dataset, error)
	// PutPlan stores p, replacing a plan of the same id with all its files,
	// atomically. Its dataset must exist.
	PutPlan(ctx context.Context, p *Plan) error
	// Plan returns the plan id with its files' names and sizes, not their
	// data.
	Plan(ctx context.Context, id string) (*Plan, error)
	// Plans lists the plans of a dataset ("" for all), newest first, with
	// their files' names and sizes.
	Plans(ctx context.Context, datasetID string) ([]Plan, error)
	// SetPlanStatus sets the status and error of the plan id, keeping its
	// files.
	SetPlanStatus(ctx context.Context, id, status, errMsg string) error
	// PlanFile returns the data of the file name of the plan id.
	PlanFile(ctx context.Context, id, name string) ([]byte, error)
	// Close releases the store; it waits for no one.
	Close() error
}
