package dataset

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/csv"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/geo/geojson"
	"github.com/landrelease/clearance/geo/gpkg"
	"github.com/landrelease/clearance/geo/kml"
	"github.com/landrelease/clearance/geo/postgis"
	"github.com/landrelease/clearance/geo/shp"
	"github.com/landrelease/clearance/internal/outfile"
	"github.com/paulmach/orb"
)

// Format is a file format (or database) this package reads and writes.
type Format uint8

const (
	// GeoJSON is RFC 7946 GeoJSON: a FeatureCollection (package geojson).
	GeoJSON Format = iota + 1
	// KML is OGC KML 2.2: Placemarks anywhere in the document (package kml).
	KML
	// CSV is comma-separated values with a header row: points in latitude
	// and longitude columns, or points and polygons in a WKT column
	// (package csv).
	CSV
	// KMZ is KML in a zip archive (package kml).
	KMZ
	// GeoPackage is an OGC GeoPackage 1.3 feature table (package gpkg).
	GeoPackage
	// Shapefile is an ESRI Shapefile, read only (package shp).
	Shapefile
	// PostGIS is a PostgreSQL table or query with a PostGIS geometry
	// column, named by a postgres:// URL (package postgis).
	PostGIS
)

// String returns the format's name: "GeoJSON", "KML", "CSV", "KMZ",
// "GeoPackage", "Shapefile" or "PostGIS".
func (f Format) String() string {
	switch f {
	case GeoJSON:
		return "GeoJSON"
	case KML:
		return "KML"
	case CSV:
		return "CSV"
	case KMZ:
		return "KMZ"
	case GeoPackage:
		return "GeoPackage"
	case Shapefile:
		return "Shapefile"
	case PostGIS:
		return "PostGIS"
	}
	return fmt.Sprintf("Format(%d)", uint8(f))
}

// ErrUnknownFormat: a file extension or Format value this package does
// not know, or a format it cannot write (Shapefile).
var ErrUnknownFormat = errors.New("geo: unknown file format")

// FormatOf returns the format of a file from its extension, in any case,
// or of a URL from its scheme: .geojson and .json are GeoJSON, .kml is
// KML, .kmz is KMZ, .csv is CSV, .gpkg is GeoPackage (a layer may be named
// after it: file.gpkg?layer=NAME), .shp is Shapefile, and a postgres:// or
// postgresql:// URL is PostGIS. Anything else is an error wrapping
// ErrUnknownFormat.
func FormatOf(path string) (Format, error) {
	if postgis.IsURL(path) {
		return PostGIS, nil
	}
	file, _ := splitLayer(path)
	switch strings.ToLower(filepath.Ext(file)) {
	case ".geojson", ".json":
		return GeoJSON, nil
	case ".kml":
		return KML, nil
	case ".kmz":
		return KMZ, nil
	case ".csv":
		return CSV, nil
	case ".gpkg":
		return GeoPackage, nil
	case ".shp":
		return Shapefile, nil
	}
	return 0, fmt.Errorf("%s: %w (want .geojson, .json, .kml, .kmz, .csv, .gpkg, .shp or a postgres:// URL)", path, ErrUnknownFormat)
}

// splitLayer splits "file.gpkg?layer=NAME" into the file and the layer;
// other paths are returned whole, with no layer.
func splitLayer(path string) (file, layer string) {
	i := strings.LastIndex(path, "?layer=")
	if i < 0 || !strings.EqualFold(filepath.Ext(path[:i]), ".gpkg") {
		return path, ""
	}
	return path[:i], path[i+len("?layer="):]
}

// DisplayName returns the name of a file or URL as messages give it: a
// postgres:// URL without its password, anything else as it is.
func DisplayName(path string) string {
	if !postgis.IsURL(path) {
		return path
	}
	if s, err := postgis.Parse(path, "?"); err == nil {
		return s.String()
	}
	return "postgres://?"
}

// Files names the files (or postgres:// URLs) that hold a Dataset's
// layers. Each format is picked from the file's extension or the URL's
// scheme (see [FormatOf]); an empty name leaves that layer empty. A
// GeoPackage of several feature tables may be named for each layer: the
// layer is the one named after the file (h.gpkg?layer=NAME), else the only
// one, else the one named like the Files field (hazards, incidents,
// settlements, area, in any case).
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
// the order of the fields of Files. A CSV file of points only (latitude
// and longitude columns) named for hazards or the area is an error
// wrapping feature.ErrGeometryType.
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
	read := func(r *result, name, role string, mapTo func([]feature.Feature) ([]geo.Warning, error)) {
		if name == "" {
			return
		}
		wg.Go(func() {
			feats, err := readLayer(ctx, name, opt.FS, role)
			if err == nil && ctx.Err() != nil {
				err = fmt.Errorf("%s: %w", DisplayName(name), ctx.Err())
			}
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
	read(&res[0], files.Hazards, "hazards", func(feats []feature.Feature) (w []geo.Warning, err error) {
		d.Hazards, w, err = feature.Hazards(DisplayName(files.Hazards), feats, fo)
		return w, err
	})
	read(&res[1], files.Incidents, "incidents", func(feats []feature.Feature) (w []geo.Warning, err error) {
		d.Incidents, w, err = feature.Incidents(DisplayName(files.Incidents), feats, fo)
		return w, err
	})
	read(&res[2], files.Settlements, "settlements", func(feats []feature.Feature) (w []geo.Warning, err error) {
		d.Settlements, w, err = feature.Settlements(DisplayName(files.Settlements), feats, fo)
		return w, err
	})
	read(&res[3], files.Area, "area", func(feats []feature.Feature) (w []geo.Warning, err error) {
		d.Area, w, err = feature.Area(DisplayName(files.Area), feats, fo)
		return w, err
	})
	wg.Wait()
	var warns []geo.Warning
	var errs []error
	for _, r := range res {
		warns = append(warns, r.warns...)
		errs = append(errs, r.err...)
	}
	if err := ctx.Err(); err != nil && !slices.ContainsFunc(errs, func(e error) bool { return errors.Is(e, err) }) {
		// Done while mapping the features (which does not look at ctx).
		errs = append(errs, err)
	}
	return d, warns, errors.Join(errs...)
}

// ReadLayer decodes the file at path, looked up in opt.FS (nil: the
// operating system's files), or the postgres:// URL, by the format of its
// extension or scheme, for a caller that maps the features itself
// (feature.Hazards with its own file name, say). A GeoPackage of several
// feature tables needs the layer named (file.gpkg?layer=NAME). The error
// names the file: an unknown extension (ErrUnknownFormat), a file that
// cannot be opened, or a structural problem of its format. A done ctx
// stops reading. Cost O(file size).
func ReadLayer(ctx context.Context, path string, opt *Options) ([]feature.Feature, error) {
	var fsys fs.FS
	if opt != nil {
		fsys = opt.FS
	}
	return readLayer(ctx, path, fsys, "")
}

// readLayer opens and decodes one file; role is the layer it is read for
// ("hazards", "incidents", "settlements", "area"; "" for any), which picks
// a GeoPackage's table when the name does not and says whether polygons
// are needed.
func readLayer(ctx context.Context, name string, fsys fs.FS, role string) ([]feature.Feature, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", DisplayName(name), err)
	}
	f, err := FormatOf(name)
	if err != nil {
		return nil, err
	}
	var feats []feature.Feature
	switch f {
	case PostGIS:
		feats, err = postgis.Read(ctx, name, DisplayName(name))
	case GeoPackage:
		feats, err = readGeoPackage(ctx, name, fsys, role)
	case Shapefile:
		feats, err = shp.Read(ctx, fsys, name)
	default:
		feats, err = readFile(ctx, name, fsys, f)
	}
	if err != nil {
		return nil, err
	}
	if f == CSV && (role == "hazards" || role == "area") && len(feats) > 0 && onlyPoints(feats) {
		return nil, fmt.Errorf("%s: CSV of points (latitude and longitude columns) where polygons are needed; a WKT column holds polygons: %w", name, feature.ErrGeometryType)
	}
	return feats, nil
}

// onlyPoints reports whether every feature is a point or has no geometry.
func onlyPoints(feats []feature.Feature) bool {
	for i := range feats {
		if t := feats[i].GeometryType; t != "Point" && t != "" {
			return false
		}
	}
	return true
}

// openFile opens name in fsys (nil: the operating system).
func openFile(name string, fsys fs.FS) (fs.File, error) {
	if fsys == nil {
		return os.Open(name)
	}
	return fsys.Open(name)
}

// readFile decodes a file of a format read from a stream.
func readFile(ctx context.Context, name string, fsys fs.FS, f Format) ([]feature.Feature, error) {
	fh, err := openFile(name, fsys)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	r := &ctxReader{ctx: ctx, f: fh}
	switch f {
	case GeoJSON:
		return geojson.DecodeContext(ctx, r, name)
	case KML:
		return kml.Decode(r, name)
	case CSV:
		return csv.Decode(r, name)
	case KMZ:
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return kml.DecodeKMZ(bytes.NewReader(b), int64(len(b)), name)
	}
	return nil, fmt.Errorf("%s: %w %d", name, ErrUnknownFormat, uint8(f))
}

// readGeoPackage reads a GeoPackage's layer: the one named after the
// file, else the only one, else the one named like role. A file in a
// non-OS fsys is copied to a temporary file first, as SQLite needs one.
func readGeoPackage(ctx context.Context, name string, fsys fs.FS, role string) ([]feature.Feature, error) {
	file, layer := splitLayer(name)
	path := file
	if fsys != nil {
		tmp, err := copyToTemp(file, fsys)
		if err != nil {
			return nil, err
		}
		defer os.Remove(tmp)
		path = tmp
	}
	if layer == "" && role != "" {
		names, err := gpkg.Layers(ctx, path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, unwrapPath(err, path))
		}
		if len(names) > 1 {
			for _, n := range names {
				if strings.EqualFold(n, role) {
					layer = n
				}
			}
		}
	}
	feats, err := gpkg.Read(ctx, path, layer)
	if err != nil && path != file {
		return nil, fmt.Errorf("%s: %w", file, unwrapPath(err, path))
	}
	return feats, err
}

// unwrapPath returns err, whose message names path; the caller names the
// file itself.
func unwrapPath(err error, path string) error {
	return pathError{err: err, path: path}
}

type pathError struct {
	err  error
	path string
}

func (e pathError) Error() string { return strings.TrimPrefix(e.err.Error(), e.path+": ") }
func (e pathError) Unwrap() error { return e.err }

// copyToTemp copies name from fsys to a temporary file and returns its
// path.
func copyToTemp(name string, fsys fs.FS) (string, error) {
	src, err := fsys.Open(name)
	if err != nil {
		return "", err
	}
	defer src.Close()
	dst, err := os.CreateTemp("", "clearance-*.gpkg")
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		os.Remove(dst.Name())
		return "", err
	}
	return dst.Name(), dst.Close()
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

// Write writes l to the file at path, or the postgres:// URL, in the
// format of its extension or scheme (see [FormatOf]): geojson.Write,
// kml.Write, kml.WriteKMZ or csv.Write to a temporary file beside path,
// renamed to path only once complete (internal/outfile);
// gpkg.Write as a table of a GeoPackage (named l.Name, or NAME for
// file.gpkg?layer=NAME; other tables of the file are kept); postgis.Write
// as a table (the URL's table=, else l.Name). Shapefiles are not written
// (ErrUnknownFormat). A done ctx stops writing between rows. A GeoPackage
// or PostGIS table is written in one transaction, so an error leaves the
// previous one; so does a file: a failed or interrupted write leaves the
// previous file (or none), never a partial one. Cost: that of the
// format's writer.
func Write(ctx context.Context, path string, l *feature.Layer) (err error) {
	f, err := FormatOf(path)
	if err != nil {
		return err
	}
	cl := *l
	cl.Rows = func(yield func(orb.Geometry, []any) bool) {
		for g, vals := range l.Rows {
			if ctx.Err() != nil || !yield(g, vals) {
				return
			}
		}
	}
	switch f {
	case PostGIS:
		return postgis.Write(ctx, path, l)
	case GeoPackage:
		file, layer := splitLayer(path)
		if layer != "" {
			cl.Name = layer
		}
		return gpkg.Write(ctx, file, &cl)
	case Shapefile:
		return fmt.Errorf("%s: Shapefiles are read, not written (write .gpkg): %w", path, ErrUnknownFormat)
	}
	fh, err := outfile.Create(ctx, path)
	if err != nil {
		return err
	}
	switch f {
	case GeoJSON:
		err = geojson.Write(fh, &cl)
	case KML:
		err = kml.Write(fh, &cl)
	case KMZ:
		err = kml.WriteKMZ(fh, &cl)
	case CSV:
		err = csv.Write(fh, &cl)
	default:
		err = fmt.Errorf("%s: %w %d", path, ErrUnknownFormat, uint8(f))
	}
	if err == nil && ctx.Err() != nil {
		err = fmt.Errorf("%s: %w", path, ctx.Err())
	}
	if err != nil {
		fh.Abort()
		return err
	}
	return fh.Close()
}
