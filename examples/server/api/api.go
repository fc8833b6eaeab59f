package api

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/landrelease/clearance/examples/server/store"
	"github.com/landrelease/clearance/examples/server/web"
	"github.com/landrelease/clearance/risk"
)

// Defaults of Config.
const (
	DefaultMaxBodyBytes   = 64 << 20
	DefaultMaxJobs        = 4
	DefaultRequestTimeout = 5 * time.Minute
	DefaultMaxSurfaces    = 8
)

// Config sets up a Server. Only Store is required; a zero field means its
// documented default.
type Config struct {
	// Store keeps the datasets and plans (required).
	Store store.Store
	// Token, if set, is the bearer token every request but GET and HEAD
	// must carry.
	Token string
	// MaxBodyBytes bounds a request's body; larger bodies get 413. Zero
	// means DefaultMaxBodyBytes (64 MiB).
	MaxBodyBytes int64
	// MaxJobs bounds the scoring and planning work running at once, plan
	// jobs and synchronous scoring alike; more gets 429. Zero means
	// DefaultMaxJobs.
	MaxJobs int
	// RequestTimeout bounds a synchronous request (scoring, upload, a plan
	// with ?wait=1), not a plan job; zero means DefaultRequestTimeout,
	// negative no limit.
	RequestTimeout time.Duration
	// MaxCells refuses a scoring run estimated to cover more grid cells
	// (risk.ScoreOptions.MaxCells): zero means risk.DefaultMaxCells,
	// negative no limit.
	MaxCells int
	// Workers is the goroutines of each scoring or planning run; zero
	// means GOMAXPROCS. Outputs are the same for any count.
	Workers int
	// MaxSurfaces bounds the scored surfaces kept in memory for tiles and
	// GeoJSON (least recently used dropped first); zero means
	// DefaultMaxSurfaces.
	MaxSurfaces int
	// Logger receives one line per request and job; nil means
	// slog.Default().
	Logger *slog.Logger
}

// Server is the handler New returns. It is safe for concurrent use.
type Server struct {
	cfg   Config
	log   *slog.Logger
	mux   *http.ServeMux
	slots chan struct{}

	baseCtx   context.Context // parent of the plan jobs; cancelled by Shutdown
	cancelAll context.CancelCauseFunc

	mu       sync.Mutex
	jobs     map[string]*job // running plans by id
	closing  bool
	jobsDone sync.WaitGroup

	surfaces *surfaceCache

	// planHook, if set (by tests), runs at the start of every plan job.
	planHook func(ctx context.Context) error
}

// New returns a Server over cfg.Store. Plans the store holds as queued or
// running (a server stopped without Shutdown) are marked failed. It
// returns an error if cfg.Store is nil or cannot be read.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("api: Config.Store is nil")
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.MaxJobs <= 0 {
		cfg.MaxJobs = DefaultMaxJobs
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.MaxCells == 0 {
		cfg.MaxCells = risk.DefaultMaxCells
	}
	if cfg.MaxSurfaces <= 0 {
		cfg.MaxSurfaces = DefaultMaxSurfaces
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Server{
		cfg:   cfg,
		log:   cfg.Logger,
		slots: make(chan struct{}, cfg.MaxJobs),
		jobs:  make(map[string]*job),
	}
	s.baseCtx, s.cancelAll = context.WithCancelCause(context.WithoutCancel(ctx))
	s.surfaces = newSurfaceCache(cfg.MaxSurfaces)
	plans, err := cfg.Store.Plans(ctx, "")
	if err != nil {
		return nil, err
	}
	for _, p := range plans {
		if p.Status == store.StatusQueued || p.Status == store.StatusRunning {
			if err := cfg.Store.SetPlanStatus(ctx, p.ID, store.StatusFailed, "the server stopped before the plan finished"); err != nil {
				return nil, err
			}
			s.log.Warn("plan left unfinished by a previous run marked failed", "plan", p.ID)
		}
	}
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /healthz", s.healthz)
	m.HandleFunc("GET /api/v1/datasets", s.listDatasets)
	m.HandleFunc("POST /api/v1/datasets", s.sync(s.createDataset))
	m.HandleFunc("GET /api/v1/datasets/{id}", s.getDataset)
	m.HandleFunc("GET /api/v1/datasets/{id}/cells.csv", s.sync(s.cellsCSV))
	m.HandleFunc("GET /api/v1/datasets/{id}/cells.geojson", s.sync(s.cellsGeoJSON))
	m.HandleFunc("GET /api/v1/datasets/{id}/hazards.geojson", s.sync(s.hazardsGeoJSON))
	m.HandleFunc("GET /api/v1/datasets/{id}/incidents.geojson", s.sync(s.pointsGeoJSON))
	m.HandleFunc("GET /api/v1/datasets/{id}/villages.geojson", s.sync(s.pointsGeoJSON))
	m.HandleFunc("GET /api/v1/datasets/{id}/map.json", s.sync(s.mapJSON))
	m.HandleFunc("POST /api/v1/plans", s.createPlan)
	m.HandleFunc("GET /api/v1/plans", s.listPlans)
	m.HandleFunc("GET /api/v1/plans/{id}", s.getPlan)
	m.HandleFunc("DELETE /api/v1/plans/{id}", s.cancelPlan)
	m.HandleFunc("GET /api/v1/plans/{id}/files/{name...}", s.planFile)
	m.HandleFunc("GET /tiles/{z}/{x}/{y}", s.sync(s.tile))
	m.Handle("GET /static/", http.FileServerFS(web.FS))
	m.HandleFunc("GET /{$}", s.index)
	s.mux = m
}

// ServeHTTP logs the request, checks the token of writes and bounds the
// body, then routes it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	t0 := time.Now()
	rw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "query", r.URL.RawQuery,
			"status", rw.status, "bytes", rw.n, "ms", time.Since(t0).Milliseconds())
	}()
	if s.cfg.Token != "" && r.Method != http.MethodGet && r.Method != http.MethodHead {
		auth := r.Header.Get("Authorization")
		tok, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(tok), []byte(s.cfg.Token)) != 1 {
			rw.Header().Set("WWW-Authenticate", `Bearer realm="clearance"`)
			writeError(rw, http.StatusUnauthorized, errors.New("this server needs a bearer token for writes: Authorization: Bearer TOKEN"))
			return
		}
	}
	if r.Body != nil {
		r.Body = http.MaxBytesReader(rw, r.Body, s.cfg.MaxBodyBytes)
	}
	s.mux.ServeHTTP(rw, r)
}

// sync bounds a synchronous handler's time by Config.RequestTimeout. The
// request's context also ends when its client goes away, which cancels the
// work.
func (s *Server) sync(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.RequestTimeout > 0 {
			ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
			defer cancel()
			r = r.WithContext(ctx)
		}
		h(w, r)
	}
}

// Shutdown refuses new plans, waits for the running ones until ctx ends,
// then cancels those left and waits for their status to be stored. It does
// not close the store. Call it after http.Server.Shutdown.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	n := len(s.jobs)
	s.mu.Unlock()
	done := make(chan struct{})
	go func() {
		s.jobsDone.Wait()
		close(done)
	}()
	if n > 0 {
		s.log.Info("waiting for plans to finish", "plans", n)
	}
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = ctx.Err()
		s.log.Warn("cancelling the plans still running")
		s.cancelAll(errShutdown)
		<-done
	}
	s.cancelAll(errShutdown)
	return err
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	if _, err := s.cfg.Store.Plan(ctx, "healthz"); err != nil && !errors.Is(err, store.ErrNotFound) {
		writeError(w, http.StatusServiceUnavailable, fmt.Errorf("store: %w", err))
		return
	}
	s.mu.Lock()
	running, closing := len(s.jobs), s.closing
	s.mu.Unlock()
	status := "ok"
	if closing {
		status = "shutting down"
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"status": status, "jobs": len(s.slots), "max_jobs": cap(s.slots), "plans_running": running,
	})
}

func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	http.ServeFileFS(w, r, web.FS, "index.html")
}

// Causes of a plan's cancellation, stored as its error.
var (
	errShutdown   = errors.New("the server shut down before the plan finished")
	errDeleted    = errors.New("cancelled by a DELETE request")
	errClientGone = errors.New("the client that waited for the plan went away")
)

// errBusy is answered with 429.
var errBusy = errors.New("too many jobs running: try again later")

// acquire takes a job slot, or returns false if all are taken.
func (s *Server) acquire() (release func(), ok bool) {
	select {
	case s.slots <- struct{}{}:
		return func() { <-s.slots }, true
	default:
		return nil, false
	}
}

// newID returns a random id of 16 hex digits.
func newID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status      int
	n           int64
	wroteHeader bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wroteHeader {
		w.status, w.wroteHeader = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	w.wroteHeader = true
	n, err := w.ResponseWriter.Write(p)
	w.n += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
