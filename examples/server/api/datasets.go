package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
	"testing/fstest"
	"time"

	"github.com/landrelease/clearance/examples/server/store"
	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/geo/feature"
)

// Roles are the multipart field names of a dataset's files, in the order
// of dataset.Files. "settlements" is taken for "villages".
var roles = []string{"hazards", "incidents", "villages", "area"}

// readOptions are how a dataset's files are read, as stored with it.
type readOptions struct {
	Lenient bool `json:"lenient,omitempty"`
}

// DatasetInfo is the JSON of a dataset.
type DatasetInfo struct {
	ID      string       `json:"id"`
	Created time.Time    `json:"created"`
	Hazards int          `json:"hazards"`
	Inc     int          `json:"incidents"`
	Vil     int          `json:"villages"`
	Area    int          `json:"area"`
	Files   []store.File `json:"files"`
	// Warnings are the repairs and doubts of reading the files (upload
	// only).
	Warnings []string          `json:"warnings,omitempty"`
	Links    map[string]string `json:"links"`
}

func datasetInfo(d *store.Dataset) DatasetInfo {
	base := "/api/v1/datasets/" + d.ID
	files := make([]store.File, len(d.Files))
	for k, f := range d.Files {
		files[k] = store.File{Role: f.Role, Name: f.Name, Size: f.Size}
	}
	return DatasetInfo{
		ID: d.ID, Created: d.Created, Hazards: d.Hazards, Inc: d.Incidents, Vil: d.Settlements, Area: d.Area,
		Files: files,
		Links: map[string]string{
			"self": base, "cells_csv": base + "/cells.csv", "cells_geojson": base + "/cells.geojson",
			"hazards_geojson": base + "/hazards.geojson", "map": "/?dataset=" + d.ID,
		},
	}
}

// createDataset stores the uploaded files once every one of them reads
// without a problem.
func (s *Server) createDataset(w http.ResponseWriter, r *http.Request) {
	d, warns, err := s.readUpload(r)
	if err != nil {
		writeError(w, 0, err)
		return
	}
	if err := s.cfg.Store.PutDataset(r.Context(), d); err != nil {
		writeError(w, 0, err)
		return
	}
	info := datasetInfo(d)
	for _, wn := range warns {
		info.Warnings = append(info.Warnings, wn.String())
	}
	s.log.Info("dataset stored", "dataset", d.ID, "hazards", d.Hazards, "incidents", d.Incidents, "villages", d.Settlements)
	w.Header().Set("Location", info.Links["self"])
	writeJSON(w, http.StatusCreated, info)
}

// readUpload reads the multipart upload into a dataset and checks that it
// reads and projects.
func (s *Server) readUpload(r *http.Request) (*store.Dataset, []geo.Warning, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, badRequestf("want a multipart/form-data body with files hazards, incidents and villages: %w", err)
	}
	d := &store.Dataset{ID: newID(), Created: time.Now().UTC()}
	var opt readOptions
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, bodyError(err)
		}
		name := part.FormName()
		if name == "settlements" {
			name = "villages"
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return nil, nil, bodyError(err)
		}
		switch {
		case name == "lenient":
			if opt.Lenient, err = strconv.ParseBool(strings.TrimSpace(string(data))); err != nil {
				return nil, nil, badRequestf("lenient: want true or false, not %q", data)
			}
		case isRole(name):
			file, err := cleanName(part.FileName())
			if err != nil {
				return nil, nil, badRequestf("%s: %w", name, err)
			}
			d.Files = append(d.Files, store.File{Role: name, Name: file, Data: data, Size: int64(len(data))})
		default:
			return nil, nil, badRequestf("unknown form field %q: want files hazards, incidents, villages, area and the field lenient", part.FormName())
		}
	}
	if opt.Lenient {
		d.Options, _ = json.Marshal(opt)
	}
	ds, warns, err := readDataset(r.Context(), d)
	if err != nil {
		return nil, warns, err
	}
	if _, err := ds.UTM(""); err != nil {
		return nil, warns, badRequest{err}
	}
	d.Hazards, d.Incidents, d.Settlements, d.Area = len(ds.Hazards), len(ds.Incidents), len(ds.Settlements), len(ds.Area)
	return d, warns, nil
}

// bodyError turns an error reading the body into a 413 (too large) or 400.
func bodyError(err error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return fmt.Errorf("the request body is larger than the server takes (%d bytes): %w", mb.Limit, err)
	}
	return badRequestf("reading the upload: %w", err)
}

func isRole(name string) bool {
	for _, r := range roles {
		if r == name {
			return true
		}
	}
	return false
}

// cleanName returns the base name of an uploaded file, refusing names that
// are empty or could be read as something else than a file name.
func cleanName(name string) (string, error) {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	switch {
	case name == "" || name == "." || name == "/" || strings.HasPrefix(name, "."):
		return "", fmt.Errorf("a file part needs a file name with its extension (such as hazards.geojson), not %q", name)
	case strings.ContainsAny(name, "?:*\x00"):
		return "", fmt.Errorf("file name %q: the characters ? : * are not taken", name)
	}
	return name, nil
}

// mainFiles picks the file of each role that the reader is given (a
// Shapefile's .shp among its sidecars), naming it role/name in the
// in-memory file system of the dataset's files.
func mainFiles(files []store.File) (dataset.Files, fstest.MapFS, error) {
	fsys := fstest.MapFS{}
	byRole := map[string][]string{}
	for _, f := range files {
		key := f.Role + "/" + f.Name
		if _, dup := fsys[key]; dup {
			return dataset.Files{}, nil, badRequestf("%s: two files named %s", f.Role, f.Name)
		}
		fsys[key] = &fstest.MapFile{Data: f.Data, Mode: 0o444}
		byRole[f.Role] = append(byRole[f.Role], f.Name)
	}
	var picked [4]string
	for k, role := range roles {
		names := byRole[role]
		var readable []string
		for _, n := range names {
			if _, err := dataset.FormatOf(n); err == nil {
				readable = append(readable, n)
			}
		}
		switch {
		case len(names) == 0:
			if role != "area" && (role != "hazards" || len(byRole["area"]) == 0) {
				return dataset.Files{}, nil, badRequestf("%s: no file given (want the form's file fields hazards, or area, incidents and villages)", role)
			}
		case len(readable) == 0:
			_, err := dataset.FormatOf(names[0])
			return dataset.Files{}, nil, badRequestf("%s: %w", role, err)
		case len(readable) > 1:
			return dataset.Files{}, nil, badRequestf("%s: %d files that could be read (%s): give one (a Shapefile's .dbf, .shx, .prj and .cpg may come beside its .shp)", role, len(readable), strings.Join(readable, ", "))
		default:
			picked[k] = role + "/" + readable[0]
		}
	}
	return dataset.Files{Hazards: picked[0], Incidents: picked[1], Settlements: picked[2], Area: picked[3]}, fsys, nil
}

// readDataset reads a stored dataset's files into the model.
func readDataset(ctx context.Context, d *store.Dataset) (*geo.Dataset, []geo.Warning, error) {
	files, fsys, err := mainFiles(d.Files)
	if err != nil {
		return nil, nil, err
	}
	var opt readOptions
	if len(d.Options) > 0 {
		if err := json.Unmarshal(d.Options, &opt); err != nil {
			return nil, nil, fmt.Errorf("dataset %s: its options: %w", d.ID, err)
		}
	}
	ds, warns, err := dataset.Read(ctx, files, &dataset.Options{FS: fsys, Options: feature.Options{Lenient: opt.Lenient}})
	if err != nil {
		var fe *geo.FeatureError
		if errors.As(err, &fe) || errors.Is(err, dataset.ErrUnknownFormat) {
			return nil, warns, badRequest{err}
		}
		if ctx.Err() != nil {
			return nil, warns, err
		}
		return nil, warns, badRequest{err}
	}
	return ds, warns, nil
}

// loadDataset reads the stored dataset id into the model.
func (s *Server) loadDataset(ctx context.Context, id string) (*geo.Dataset, error) {
	d, err := s.cfg.Store.Dataset(ctx, id)
	if err != nil {
		return nil, err
	}
	ds, _, err := readDataset(ctx, d)
	return ds, err
}

func (s *Server) listDatasets(w http.ResponseWriter, r *http.Request) {
	ds, err := s.cfg.Store.Datasets(r.Context())
	if err != nil {
		writeError(w, 0, err)
		return
	}
	out := make([]DatasetInfo, len(ds))
	for k := range ds {
		out[k] = datasetInfo(&ds[k])
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) getDataset(w http.ResponseWriter, r *http.Request) {
	d, err := s.cfg.Store.DatasetHeader(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, 0, err)
		return
	}
	writeJSON(w, http.StatusOK, datasetInfo(d))
}

// pointGeoJSON is a GeoJSON point feature with properties.
type pointGeoJSON struct {
	Type       string         `json:"type"`
	Properties map[string]any `json:"properties"`
	Geometry   struct {
		Type        string     `json:"type"`
		Coordinates [2]float64 `json:"coordinates"`
	} `json:"geometry"`
}

// pointsGeoJSON writes the incidents or the settlements of a dataset as a
// GeoJSON FeatureCollection of points, for the map.
func (s *Server) pointsGeoJSON(w http.ResponseWriter, r *http.Request) {
	ds, err := s.loadDataset(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, 0, err)
		return
	}
	var fs []pointGeoJSON
	add := func(p geo.LonLat, props map[string]any) {
		f := pointGeoJSON{Type: "Feature", Properties: props}
		f.Geometry.Type = "Point"
		f.Geometry.Coordinates = [2]float64{p.Lon, p.Lat}
		fs = append(fs, f)
	}
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	if strings.HasSuffix(r.URL.Path, "/incidents.geojson") {
		for _, in := range ds.Incidents {
			add(in.Point, map[string]any{"id": in.ID, "date": date(in.Date), "killed": in.Killed,
				"injured": in.Injured, "casualties": in.Casualties, "device": in.Device.String()})
		}
	} else {
		for _, st := range ds.Settlements {
			add(st.Point, map[string]any{"name": st.Name, "population": st.Population, "planned_return": date(st.PlannedReturn)})
		}
	}
	if fs == nil {
		fs = []pointGeoJSON{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"type": "FeatureCollection", "features": fs})
}
