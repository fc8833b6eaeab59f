package dataset

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/csv"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/geo/geojson"
	"github.com/landrelease/clearance/geo/kml"
	"github.com/paulmach/orb"
)

// Format is a file format this package reads and writes.
type Format uint8

const (
	// GeoJSON is RFC 7946 GeoJSON: a FeatureCollection (package geojson).
	GeoJSON Format = iota + 1
	// KML is OGC KML 2.2: Placemarks anywhere in the document (package kml).
	KML
	// CSV is comma-separated points with a header row and latitude and
	// longitude columns (package csv).
	CSV
)

// String returns "GeoJSON", "KML" or "CSV".
func (f Format) String() string {
	switch f {
	case GeoJSON:
		return "GeoJSON"
	case KML:
		return "KML"
	case CSV:
		return "CSV"
	}
	return fmt.Sprintf("Format(%d)", uint8(f))
}

// ErrUnknownFormat: a file extension or Format value this package does
// not know.
var ErrUnknownFormat = errors.New("geo: unknown file format")

// FormatOf returns the format of a file from its extension, in any case:
// .geojson and .json are GeoJSON, .kml is KML, .csv is CSV. Any other
// extension is an error wrapping ErrUnknownFormat.
func FormatOf(path string) (Format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".geojson", ".json":
		return GeoJSON, nil
	case ".kml":
		return KML, nil
	case ".csv":
		return CSV, nil
	}
	return 0, fmt.Errorf("%s: %w (want .geojson, .json, .kml or .csv)", path, ErrUnknownFormat)
}

// Files names the files that hold a Dataset's layers. Each format is picked
// from the file's extension (see [FormatOf]); an empty name leaves that
// layer empty.
type Files struct {
	Hazards     string
	Incidents   string
	Settlements string
	// Area is an optional area of interest (polygons).
	Area string
}

// Options tunes reading. A nil *Options means the defaults.
type Options struct {
	// FS is where file names are looked up; nil means the operating
	// system's files, with the names used as paths (relative or absolute).
	// An embed.FS or os.DirFS works as well.
	FS fs.FS
	// Options maps features to the model: schema, lenient repairs, error
	// cap (see feature.Options).
	feature.Options
}

// Read reads the layers named by files into one Dataset: each file is
// decoded by the format of its extension and mapped with
// feature.Hazards, feature.Incidents, feature.Settlements and feature.Area.
//
// Every named file is read even if an earlier one has errors, so one call
// reports every problem: the error joins each file's error (a
// *geo.FileError per file with bad features, found by errors.As; a
// structural error naming the file otherwise) and the Dataset holds every
// feature read without error. The warnings of all files are returned in
// the order of the fields of Files. CSV holds points only: a CSV file of
// hazards or area is an error wrapping feature.ErrGeometryType.
//
// A done ctx stops reading between files and within one (the error wraps
// ctx.Err()). Cost O(total file size) plus validation of the polygons
// (see geo.ValidatePolygon); the files are read at once, each on its own
// goroutine, and the polygons of a file validated on GOMAXPROCS goroutines.
func Read(ctx context.Context, files Files, opt *Options) (*geo.Dataset, []geo.Warning, error) {
	if opt == nil {
		opt = &Options{}
	}
	d := &geo.Dataset{}
	// The files are read at once, each on its own goroutine; their
	// warnings and errors are then gathered in the order of the fields.
	type result struct {
		warns []geo.Warning
		err   []error
	}
	var res [4]result
	var wg sync.WaitGroup
	read := func(r *result, name string, polygons bool, mapTo func([]feature.Feature) ([]geo.Warning, error)) {
		if name == "" {
			return
		}
		wg.Go(func() {
			feats, err := readLayer(ctx, name, opt.FS, polygons)
			if err != nil {
				r.err = append(r.err, err)
				return
			}
			w, err := mapTo(feats)
			r.warns = w
			if err != nil {
				r.err = append(r.err, err)
			}
		})
	}
	fo := &opt.Options
	read(&res[0], files.Hazards, true, func(feats []feature.Feature) (w []geo.Warning, err error) {
		d.Hazards, w, err = feature.Hazards(files.Hazards, feats, fo)
		return w, err
	})
	read(&res[1], files.Incidents, false, func(feats []feature.Feature) (w []geo.Warning, err error) {
		d.Incidents, w, err = feature.Incidents(files.Incidents, feats, fo)
		return w, err
	})
	read(&res[2], files.Settlements, false, func(feats []feature.Feature) (w []geo.Warning, err error) {
		d.Settlements, w, err = feature.Settlements(files.Settlements, feats, fo)
		return w, err
	})
	read(&res[3], files.Area, true, func(feats []feature.Feature) (w []geo.Warning, err error) {
		d.Area, w, err = feature.Area(files.Area, feats, fo)
		return w, err
	})
	wg.Wait()
	var warns []geo.Warning
	var errs []error
	for _, r := range res {
		warns = append(warns, r.warns...)
		errs = append(errs, r.err...)
	}
	return d, warns, errors.Join(errs...)
}

// ReadLayer decodes the file at path, looked up in opt.FS (nil: the
// operating system's files), by the format of its extension, for a caller
// that maps the features itself (feature.Hazards with its own file name,
// say). The error names the file: an unknown extension (ErrUnknownFormat),
// a file that cannot be opened, or a structural problem of its format. A
// done ctx stops reading. Cost O(file size).
func ReadLayer(ctx context.Context, path string, opt *Options) ([]feature.Feature, error) {
	var fsys fs.FS
	if opt != nil {
		fsys = opt.FS
	}
	return readLayer(ctx, path, fsys, false)
}

// readLayer opens and decodes one file; polygons says the layer needs
// polygons, which a CSV file cannot hold.
func readLayer(ctx context.Context, name string, fsys fs.FS, polygons bool) ([]feature.Feature, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	f, err := FormatOf(name)
	if err != nil {
		return nil, err
	}
	if f == CSV && polygons {
		return nil, fmt.Errorf("%s: CSV holds points, not polygons: %w", name, feature.ErrGeometryType)
	}
	var fh fs.File
	if fsys == nil {
		fh, err = os.Open(name)
	} else {
		fh, err = fsys.Open(name)
	}
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	r := &ctxReader{ctx: ctx, f: fh}
	switch f {
	case GeoJSON:
		return geojson.Decode(r, name)
	case KML:
		return kml.Decode(r, name)
	case CSV:
		return csv.Decode(r, name)
	}
	return nil, fmt.Errorf("%s: %w %d", name, ErrUnknownFormat, uint8(f))
}

// ctxReader reads f until ctx is done. Stat lets a decoder size its buffer.
type ctxReader struct {
	ctx context.Context
	f   fs.File
}

func (r *ctxReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.f.Read(p)
}

func (r *ctxReader) Stat() (fs.FileInfo, error) { return r.f.Stat() }

// Write writes l to the file at path, created or truncated, in the format
// of its extension (see [FormatOf]): geojson.Write, kml.Write or
// csv.Write. A done ctx stops writing between rows. On error the file may
// be left partly written. Cost: that of the format's writer.
func Write(ctx context.Context, path string, l *feature.Layer) (err error) {
	f, err := FormatOf(path)
	if err != nil {
		return err
	}
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := fh.Close(); err == nil {
			err = cerr
		}
	}()
	cl := *l
	cl.Rows = func(yield func(orb.Geometry, []any) bool) {
		for g, vals := range l.Rows {
			if ctx.Err() != nil || !yield(g, vals) {
				return
			}
		}
	}
	switch f {
	case GeoJSON:
		err = geojson.Write(fh, &cl)
	case KML:
		err = kml.Write(fh, &cl)
	case CSV:
		err = csv.Write(fh, &cl)
	default:
		err = fmt.Errorf("%s: %w %d", path, ErrUnknownFormat, uint8(f))
	}
	if err == nil && ctx.Err() != nil {
		err = fmt.Errorf("%s: %w", path, ctx.Err())
	}
	return err
}
