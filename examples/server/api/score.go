package api

import (
	"context"
	"errors"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/risk"
)

// scoreParams are the planner's scoring flags, read from a query.
type scoreParams struct {
	zone, model                   string
	cellM, bandwidthM, villageScM float64
	lean                          bool
}

// Models are the names the model parameter takes: the planner's -model
// names (the default Mixture, the classic kde).
var models = []string{"mixture", "kde"}

// parseScoreParams reads zone, model, cell, bandwidth, village_scale and
// lean from q, with the planner's defaults.
func parseScoreParams(q url.Values) (scoreParams, error) {
	p := scoreParams{
		zone: strings.TrimSpace(q.Get("zone")), model: strings.TrimSpace(q.Get("model")),
		cellM: geo.DefaultCellM, bandwidthM: risk.DefaultBandwidthM, villageScM: risk.DefaultVillageScaleM,
	}
	if p.zone != "" {
		if _, err := geo.ParseZone(p.zone); err != nil {
			return p, badRequestf("zone: %w", err)
		}
	}
	if p.model != "" && !slices.Contains(models, p.model) {
		return p, badRequestf("model: unknown model %q (want %s)", p.model, strings.Join(models, ", "))
	}
	for _, f := range []struct {
		name string
		dst  *float64
	}{{"cell", &p.cellM}, {"bandwidth", &p.bandwidthM}, {"village_scale", &p.villageScM}} {
		v := q.Get(f.name)
		if v == "" {
			continue
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || !(x > 0) || math.IsInf(x, 1) {
			return p, badRequestf("%s: want a positive number of metres, not %q", f.name, v)
		}
		*f.dst = x
	}
	if q.Get("bandwidth") != "" && p.model != "kde" {
		// The planner warns on stderr and goes on; a response has no such
		// place, so the request is refused rather than the value ignored.
		return p, badRequestf("bandwidth: applies to model=kde only (the default mixture's kernels are fixed at 500 m and 5 km)")
	}
	if v := q.Get("lean"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return p, badRequestf("lean: want true or false, not %q", v)
		}
		p.lean = b
	}
	return p, nil
}

// riskModel returns the model the parameters name, as the planner's
// -model does: the default Mixture (mixture, or no name) with the village
// scale, or the classic kde with its bandwidth and village scale.
func (p scoreParams) riskModel() risk.Model {
	if p.model == "kde" {
		return risk.Model{Kind: risk.KDE, BandwidthM: p.bandwidthM, VillageScaleM: p.villageScM}
	}
	return risk.Model{VillageScaleM: p.villageScM}
}

// scoreOptions returns the planner's scoring options for sp on the
// projected dataset p: its area of interest is scored if it has one, as
// the planner scores it when given -area.
func (s *Server) scoreOptions(sp scoreParams, p *geo.Projected, progress func(done, total int)) *risk.ScoreOptions {
	return &risk.ScoreOptions{
		Grid:     geo.Grid{CellM: sp.cellM},
		UseArea:  len(p.Area) > 0,
		Workers:  s.cfg.Workers,
		Progress: progress,
		MaxCells: s.cfg.MaxCells,
	}
}

// project loads the dataset id and projects it in zone ("" for the data's).
func (s *Server) project(ctx context.Context, id, zone string) (*geo.Projected, error) {
	ds, err := s.loadDataset(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := ds.UTM(zone)
	if err != nil {
		return nil, badRequest{err}
	}
	return p, nil
}

// cellsCSV writes the scored cells as planner score -cells does: scored and
// written in bands of rows with risk.Model.ScoreBands and a
// risk.CSVStream, the same bytes. The response starts with the first band;
// an error after it aborts the response, so a client never takes a cut
// file for a whole one.
func (s *Server) cellsCSV(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sp, err := parseScoreParams(r.URL.Query())
	if err != nil {
		writeError(w, 0, err)
		return
	}
	release, ok := s.acquire()
	if !ok {
		writeError(w, 0, errBusy)
		return
	}
	defer release()
	id := r.PathValue("id")
	p, err := s.project(ctx, id, sp.zone)
	if err != nil {
		writeError(w, 0, err)
		return
	}
	lw := &lazyResponse{w: w, header: func(h http.Header) {
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="cells-`+id+`.csv"`)
	}}
	m := sp.riskModel()
	cs := risk.NewCSVStream(lw, &risk.CSVOptions{Lean: sp.lean, Workers: s.cfg.Workers})
	_, err = m.ScoreBands(ctx, p, s.scoreOptions(sp, p, nil), cs.Write)
	if err == nil {
		err = cs.Flush()
	}
	if err != nil {
		if !lw.started {
			writeError(w, 0, err)
			return
		}
		s.log.Warn("cells.csv cut short", "dataset", id, "err", err)
		panic(http.ErrAbortHandler)
	}
	if !lw.started {
		lw.start()
	}
}

// lazyResponse sends its header at the first byte written.
type lazyResponse struct {
	w       http.ResponseWriter
	header  func(http.Header)
	started bool
}

func (l *lazyResponse) start() {
	l.header(l.w.Header())
	l.w.WriteHeader(http.StatusOK)
	l.started = true
}

func (l *lazyResponse) Write(p []byte) (int, error) {
	if !l.started {
		l.start()
	}
	return l.w.Write(p)
}

// cellsGeoJSON writes the scored cells as GeoJSON squares, as planner score
// -geojson does.
func (s *Server) cellsGeoJSON(w http.ResponseWriter, r *http.Request) {
	sf, _, err := s.surfaceOf(r)
	if err != nil {
		writeError(w, 0, err)
		return
	}
	s.writeBuffered(w, r, "application/geo+json", func(lw *lazyResponse) error {
		return sf.s.WriteCellsGeoJSONWith(lw, &risk.GeoJSONOptions{Workers: s.cfg.Workers})
	})
}

// hazardsGeoJSON writes the per-hazard aggregates, as planner score
// -hazards-out does.
func (s *Server) hazardsGeoJSON(w http.ResponseWriter, r *http.Request) {
	sf, _, err := s.surfaceOf(r)
	if err != nil {
		writeError(w, 0, err)
		return
	}
	s.writeBuffered(w, r, "application/geo+json", func(lw *lazyResponse) error {
		return sf.s.WriteHazardsGeoJSON(lw)
	})
}

// writeBuffered streams write's output with the content type given,
// aborting the response if it fails after its first byte.
func (s *Server) writeBuffered(w http.ResponseWriter, r *http.Request, ctype string, write func(*lazyResponse) error) {
	lw := &lazyResponse{w: w, header: func(h http.Header) { h.Set("Content-Type", ctype) }}
	if err := write(lw); err != nil {
		if !lw.started {
			writeError(w, 0, err)
			return
		}
		s.log.Warn("response cut short", "path", r.URL.Path, "err", err)
		panic(http.ErrAbortHandler)
	}
	if !lw.started {
		lw.start()
	}
}

// surfaceOf returns the scored surface of the request's dataset (the path's
// id, or the query's dataset) and parameters, from the cache or scored now
// in a job slot.
func (s *Server) surfaceOf(r *http.Request) (*surface, scoreParams, error) {
	q := r.URL.Query()
	sp, err := parseScoreParams(q)
	if err != nil {
		return nil, sp, err
	}
	id := r.PathValue("id")
	if id == "" {
		id = q.Get("dataset")
	}
	if id == "" {
		return nil, sp, badRequestf("dataset: missing (want ?dataset=ID)")
	}
	sf, err := s.surfaces.get(r.Context(), surfaceKey{id: id, p: sp.keyed()}, func(ctx context.Context) (*surface, error) {
		release, ok := s.acquire()
		if !ok {
			return nil, errBusy
		}
		defer release()
		p, err := s.project(ctx, id, sp.zone)
		if err != nil {
			return nil, err
		}
		m := sp.riskModel()
		rs, err := m.Score(ctx, p, s.scoreOptions(sp, p, nil))
		if err != nil {
			return nil, err
		}
		return newSurface(rs), nil
	})
	return sf, sp, err
}

// keyed returns p without what does not change the surface (lean).
func (p scoreParams) keyed() scoreParams {
	p.lean = false
	return p
}

// surfaceKey names a scored surface.
type surfaceKey struct {
	id string
	p  scoreParams
}

// surfaceCache keeps the last scored surfaces, and scores each one once
// however many requests ask for it at the same time.
type surfaceCache struct {
	mu   sync.Mutex
	max  int
	tick int64
	m    map[surfaceKey]*surfaceEntry
}

type surfaceEntry struct {
	done chan struct{}
	s    *surface
	err  error
	used int64
}

func newSurfaceCache(max int) *surfaceCache {
	return &surfaceCache{max: max, m: make(map[surfaceKey]*surfaceEntry)}
}

// get returns the surface of k, computing it with compute if no other request
// is. A computation cancelled by its own request is retried by the others.
func (c *surfaceCache) get(ctx context.Context, k surfaceKey, compute func(context.Context) (*surface, error)) (*surface, error) {
	for {
		c.mu.Lock()
		e := c.m[k]
		c.tick++
		if e == nil {
			e = &surfaceEntry{done: make(chan struct{}), used: c.tick}
			c.m[k] = e
			c.mu.Unlock()
			e.s, e.err = compute(ctx)
			c.mu.Lock()
			if e.err != nil {
				delete(c.m, k)
			} else {
				c.evict()
			}
			c.mu.Unlock()
			close(e.done)
			return e.s, e.err
		}
		e.used = c.tick
		c.mu.Unlock()
		select {
		case <-e.done:
			if e.err != nil && (errors.Is(e.err, context.Canceled) || errors.Is(e.err, context.DeadlineExceeded)) && ctx.Err() == nil {
				continue
			}
			return e.s, e.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// evict drops the least recently used finished surfaces beyond max.
func (c *surfaceCache) evict() {
	for len(c.m) > c.max {
		var oldest surfaceKey
		found := false
		for k, e := range c.m {
			select {
			case <-e.done:
			default:
				continue // still being scored
			}
			if !found || e.used < c.m[oldest].used {
				oldest, found = k, true
			}
		}
		if !found {
			return
		}
		delete(c.m, oldest)
	}
}

// mapJSON tells the map page where the dataset is, how its hazards are
// coloured, and which plans it has.
func (s *Server) mapJSON(w http.ResponseWriter, r *http.Request) {
	sf, sp, err := s.surfaceOf(r)
	if err != nil {
		writeError(w, 0, err)
		return
	}
	id := r.PathValue("id")
	plans, err := s.cfg.Store.Plans(r.Context(), id)
	if err != nil {
		writeError(w, 0, err)
		return
	}
	var refs []map[string]string
	for _, p := range plans {
		refs = append(refs, map[string]string{"id": p.ID, "status": p.Status, "created": p.Created.Format("2006-01-02 15:04")})
	}
	q := url.Values{"dataset": {id}}
	if sp.zone != "" {
		q.Set("zone", sp.zone)
	}
	if sp.model != "" {
		q.Set("model", sp.model)
	}
	if sp.cellM != geo.DefaultCellM {
		q.Set("cell", strconv.FormatFloat(sp.cellM, 'g', -1, 64))
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"dataset":      id,
		"bounds":       sf.bounds,
		"projection":   sf.s.Projection.String(),
		"cells":        len(sf.s.Cells),
		"hazards":      len(sf.s.Hazards),
		"breaks":       sf.breaks,
		"colors":       riskColors,
		"tiles":        "/tiles/{z}/{x}/{y}.mvt?" + q.Encode(),
		"cell_minzoom": cellMinZoom,
		"plans":        refs,
	})
}
