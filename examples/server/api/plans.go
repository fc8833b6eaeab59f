package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/landrelease/clearance/examples/server/store"
	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/planning/planfile"
	"github.com/landrelease/clearance/planning/report"
)

// errClosing is answered with 503 while the server shuts down.
var errClosing = errors.New("the server is shutting down: no new plans")

// PlanParams are a plan's options, as the form fields of POST /api/v1/plans
// give them (the planner's plan flags of the same names) and as stored.
type PlanParams struct {
	Zone          string  `json:"zone,omitempty"`
	Model         string  `json:"model,omitempty"`
	CellM         float64 `json:"cell,omitempty"`
	BlockM        float64 `json:"block,omitempty"`
	HorizonMonths int     `json:"horizon,omitempty"`
	Runs          int     `json:"runs"`
	Seed          uint64  `json:"seed"`
	Title         string  `json:"title,omitempty"`
	Synthetic     bool    `json:"synthetic,omitempty"`
}

// PlanInfo is the JSON of a plan.
type PlanInfo struct {
	ID        string    `json:"id"`
	DatasetID string    `json:"dataset"`
	Created   time.Time `json:"created"`
	Status    string    `json:"status"`
	// Stage and Progress (0 to 1) say how far a running plan is.
	Stage    string            `json:"stage,omitempty"`
	Progress float64           `json:"progress"`
	Error    string            `json:"error,omitempty"`
	Params   json.RawMessage   `json:"params"`
	Files    []store.File      `json:"files"`
	Links    map[string]string `json:"links"`
}

// job is a plan being made.
type job struct {
	cancel context.CancelCauseFunc
	plan   *store.Plan
	teams  *planfile.File
	params PlanParams

	mu       sync.Mutex
	stage    string
	progress float64
}

// set records the stage and the progress of a job, the fraction done of
// the stage between from and to.
func (j *job) set(stage string, from, to float64, done, total int) {
	f := from
	if total > 0 {
		f = from + (to-from)*float64(done)/float64(total)
	}
	j.mu.Lock()
	j.stage = stage
	if f > j.progress {
		j.progress = f
	}
	j.mu.Unlock()
}

func (j *job) state() (string, float64) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.stage, j.progress
}

func planInfo(p *store.Plan, j *job) PlanInfo {
	base := "/api/v1/plans/" + p.ID
	info := PlanInfo{ID: p.ID, DatasetID: p.DatasetID, Created: p.Created, Status: p.Status, Error: p.Error,
		Params: json.RawMessage(p.Params), Files: []store.File{},
		Links: map[string]string{"self": base, "dataset": "/api/v1/datasets/" + p.DatasetID, "map": "/?dataset=" + p.DatasetID + "&plan=" + p.ID}}
	if len(info.Params) == 0 {
		info.Params = json.RawMessage("{}")
	}
	if p.Status == store.StatusDone {
		info.Progress = 1
	}
	if j != nil {
		info.Stage, info.Progress = j.state()
	}
	for _, f := range p.Files {
		info.Files = append(info.Files, store.File{Role: f.Role, Name: f.Name, Size: f.Size})
		if f.Role == "" {
			info.Links[f.Name] = base + "/files/" + f.Name
		}
	}
	return info
}

// createPlan checks the form, then runs the plan as a job (202), or, with
// ?wait=1, in the request, which a client that goes away cancels (201).
func (s *Server) createPlan(w http.ResponseWriter, r *http.Request) {
	wait := false
	if v := r.URL.Query().Get("wait"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			writeError(w, http.StatusBadRequest, fmt.Errorf("wait: want true or false, not %q", v))
			return
		}
		wait = b
	}
	ctx := r.Context()
	if wait && s.cfg.RequestTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.cfg.RequestTimeout)
		defer cancel()
	}
	j, err := s.readPlanForm(r)
	if err != nil {
		writeError(w, 0, err)
		return
	}
	release, ok := s.acquire()
	if !ok {
		writeError(w, 0, errBusy)
		return
	}
	if err := s.startJob(j); err != nil {
		release()
		writeError(w, 0, err)
		return
	}
	if err := s.cfg.Store.PutPlan(r.Context(), j.plan); err != nil {
		s.endJob(j)
		release()
		writeError(w, 0, err)
		return
	}
	s.log.Info("plan started", "plan", j.plan.ID, "dataset", j.plan.DatasetID, "wait", wait)
	if !wait {
		jctx, cancel := context.WithCancelCause(s.baseCtx)
		j.cancel = cancel
		go func() {
			defer release()
			s.runJob(jctx, j)
		}()
		w.Header().Set("Location", "/api/v1/plans/"+j.plan.ID)
		writeJSON(w, http.StatusAccepted, planInfo(j.plan, j))
		return
	}
	// In the request: the client going away, the request timeout or
	// Shutdown cancel it.
	jctx, cancel := context.WithCancelCause(context.WithoutCancel(ctx))
	stop := context.AfterFunc(s.baseCtx, func() { cancel(context.Cause(s.baseCtx)) })
	stopGone := context.AfterFunc(ctx, func() {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			cancel(context.DeadlineExceeded)
			return
		}
		cancel(errClientGone)
	})
	j.cancel = cancel
	s.runJob(jctx, j)
	stop()
	stopGone()
	cancel(nil)
	release()
	p, err := s.cfg.Store.Plan(context.WithoutCancel(ctx), j.plan.ID)
	if err != nil {
		writeError(w, 0, err)
		return
	}
	code := http.StatusCreated
	switch p.Status {
	case store.StatusFailed:
		code = http.StatusUnprocessableEntity
	case store.StatusCancelled:
		code = statusOf(ctx.Err())
		if code == http.StatusInternalServerError {
			code = http.StatusServiceUnavailable
		}
	}
	w.Header().Set("Location", "/api/v1/plans/"+p.ID)
	writeJSON(w, code, planInfo(p, nil))
}

// readPlanForm reads the plan's form: the dataset id, the teams file and
// the options, each checked.
func (s *Server) readPlanForm(r *http.Request) (*job, error) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		return nil, badRequestf("want a multipart/form-data body with the field dataset and the file teams")
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, badRequestf("reading the form: %w", err)
	}
	pp := PlanParams{Runs: planning.DefaultRuns, Seed: 1}
	var datasetID string
	var teams *store.File
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, bodyError(err)
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return nil, bodyError(err)
		}
		v := strings.TrimSpace(string(data))
		name := part.FormName()
		var perr error
		switch name {
		case "dataset":
			datasetID = v
		case "teams":
			fn, err := cleanName(part.FileName())
			if err != nil {
				fn = "teams.json"
			}
			teams = &store.File{Role: "teams", Name: fn, Data: data, Size: int64(len(data))}
		case "zone":
			pp.Zone = v
		case "model":
			pp.Model = v
		case "cell":
			pp.CellM, perr = strconv.ParseFloat(v, 64)
		case "block":
			pp.BlockM, perr = strconv.ParseFloat(v, 64)
		case "horizon":
			pp.HorizonMonths, perr = strconv.Atoi(v)
		case "runs":
			pp.Runs, perr = strconv.Atoi(v)
		case "seed":
			pp.Seed, perr = strconv.ParseUint(v, 10, 64)
		case "title":
			pp.Title = v
		case "synthetic":
			pp.Synthetic, perr = strconv.ParseBool(v)
		default:
			return nil, badRequestf("unknown form field %q: want dataset, teams, zone, model, cell, block, horizon, runs, seed, title, synthetic", name)
		}
		if perr != nil {
			return nil, badRequestf("%s: %q is not a value it takes", name, v)
		}
	}
	switch {
	case datasetID == "":
		return nil, badRequestf("dataset: missing: the id of an uploaded dataset")
	case teams == nil:
		return nil, badRequestf("teams: missing: a teams file (JSON, see the planner's -teams)")
	case pp.BlockM < 0 || math.IsNaN(pp.BlockM) || math.IsInf(pp.BlockM, 0):
		return nil, badRequestf("block: want 0 or a positive number of metres, not %v", pp.BlockM)
	case pp.HorizonMonths < 0:
		return nil, badRequestf("horizon: want 0 or more months, not %d", pp.HorizonMonths)
	case pp.Runs < 0 || pp.Runs > 1000:
		return nil, badRequestf("runs: want 0 to 1000, not %d", pp.Runs)
	case pp.CellM < 0 || math.IsNaN(pp.CellM) || math.IsInf(pp.CellM, 0):
		return nil, badRequestf("cell: want a positive number of metres, not %v", pp.CellM)
	}
	if _, err := parseScoreParams(pp.query()); err != nil {
		return nil, err
	}
	if _, err := s.cfg.Store.DatasetHeader(r.Context(), datasetID); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, badRequest{err}
		}
		return nil, err
	}
	plf, err := planfile.Read(bytes.NewReader(teams.Data), teams.Name)
	if err != nil {
		return nil, badRequest{err}
	}
	params, _ := json.Marshal(pp)
	p := &store.Plan{ID: newID(), DatasetID: datasetID, Created: time.Now().UTC(), Status: store.StatusRunning,
		Params: params, Files: []store.File{*teams}}
	return &job{plan: p, teams: plf, params: pp, stage: "queued"}, nil
}

// query returns the scoring parameters of pp as a query.
func (pp PlanParams) query() map[string][]string {
	q := map[string][]string{}
	if pp.Zone != "" {
		q["zone"] = []string{pp.Zone}
	}
	if pp.Model != "" {
		q["model"] = []string{pp.Model}
	}
	if pp.CellM > 0 {
		q["cell"] = []string{strconv.FormatFloat(pp.CellM, 'g', -1, 64)}
	}
	return q
}

// startJob registers j as running, unless the server is shutting down.
func (s *Server) startJob(j *job) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return errClosing
	}
	s.jobs[j.plan.ID] = j
	s.jobsDone.Add(1)
	return nil
}

func (s *Server) endJob(j *job) {
	s.mu.Lock()
	delete(s.jobs, j.plan.ID)
	s.mu.Unlock()
	s.jobsDone.Done()
}

// runJob makes the plan and stores how it ended: done with its reports,
// failed, or cancelled.
func (s *Server) runJob(ctx context.Context, j *job) {
	defer s.endJob(j)
	t0 := time.Now()
	files, err := s.makePlan(ctx, j)
	p := *j.plan
	switch {
	case err == nil:
		p.Status = store.StatusDone
		p.Files = append(p.Files, files...)
	case ctx.Err() != nil:
		p.Status, p.Error = store.StatusCancelled, "cancelled: "+context.Cause(ctx).Error()
		if errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
			p.Error = "cancelled: the request took longer than the server allows"
		}
	default:
		p.Status, p.Error = store.StatusFailed, err.Error()
	}
	// Stored whatever happened to ctx, within a bounded time.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	if err := s.cfg.Store.PutPlan(sctx, &p); err != nil {
		s.log.Error("storing a plan", "plan", p.ID, "err", err)
		return
	}
	s.log.Info("plan ended", "plan", p.ID, "status", p.Status, "error", p.Error, "files", len(files), "ms", time.Since(t0).Milliseconds())
}

// makePlan scores the dataset, plans it with the teams and writes every
// report, as planner plan does, and returns the reports.
func (s *Server) makePlan(ctx context.Context, j *job) ([]store.File, error) {
	if s.planHook != nil {
		if err := s.planHook(ctx); err != nil {
			return nil, err
		}
	}
	pp := j.params
	sp, err := parseScoreParams(pp.query())
	if err != nil {
		return nil, err
	}
	j.set("read", 0, 0.02, 0, 1)
	p, err := s.project(ctx, j.plan.DatasetID, sp.zone)
	if err != nil {
		return nil, err
	}
	m := sp.riskModel()
	j.set("score", 0.02, 0.4, 0, 1)
	sf, err := m.Score(ctx, p, s.scoreOptions(sp, p, func(d, t int) { j.set("score", 0.02, 0.4, d, t) }))
	if err != nil {
		return nil, err
	}
	units, err := planning.UnitsFromSurface(sf, &planning.UnitOptions{BlockM: pp.BlockM})
	if err != nil {
		return nil, badRequest{err}
	}
	// The teams file's areas (tiers, due dates, closures, land), as the
	// planner applies them.
	matched, err := planning.ApplyAreaRules(units, j.teams.Areas)
	if err != nil {
		return nil, badRequest{fmt.Errorf("teams: %w", err)}
	}
	for i, n := range matched {
		if n == 0 {
			s.log.Warn("a teams file's area matches no work unit", "plan", j.plan.ID, "area", i, "name", j.teams.Areas[i].Name)
		}
	}
	cfg := j.teams.Config()
	if pp.HorizonMonths > 0 {
		cfg.Horizon = cfg.Calendar.Start.AddDate(0, pp.HorizonMonths, 0)
	}
	j.set("prioritise", 0.4, 0.45, 0, 1)
	prios, err := planning.Prioritise(units, sf, cfg.Policy, nil)
	if err != nil {
		return nil, err
	}
	j.set("schedule", 0.45, 0.55, 0, 1)
	teams := planning.ProjectBases(j.teams.Teams, sf.Projection)
	cfg.Logistics = planning.ProjectCamps(cfg.Logistics, sf.Projection)
	pl, err := planning.Schedule(ctx, units, teams, cfg)
	if err != nil {
		return nil, err
	}
	fc := pl.Forecast(nil)
	var unc *planning.Uncertainty
	if pp.Runs > 0 {
		j.set("uncertainty", 0.55, 0.85, 0, pp.Runs)
		var mu sync.Mutex
		unc, err = planning.Simulate(ctx, units, teams, cfg, &planning.UncertaintyOptions{
			Runs: pp.Runs, Seed: pp.Seed, Workers: s.cfg.Workers,
			Progress: func(d, t int) {
				mu.Lock()
				j.set("uncertainty", 0.55, 0.85, d, t)
				mu.Unlock()
			},
		})
		if err != nil {
			return nil, err
		}
	}
	// What the budget delays: the same plan without the cap.
	var unbudgeted *planning.Plan
	currency := ""
	if cfg.Costs != nil && pl.Spend != nil {
		free := *cfg
		free.Costs = nil
		if unbudgeted, err = planning.Schedule(ctx, units, teams, &free); err != nil {
			return nil, err
		}
		currency = cfg.Costs.Currency
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	j.set("reports", 0.85, 1, 0, 1)
	dir, err := os.MkdirTemp("", "clearance-plan-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	sin := report.SummaryInput{
		Title: pp.Title, Surface: sf, Units: units, Priorities: prios, Plan: pl, Forecast: &fc,
		Policy: cfg.Policy, Synthetic: pp.Synthetic, Uncertainty: unc, Unbudgeted: unbudgeted, Currency: currency,
		Workers: s.cfg.Workers,
	}
	paths, err := report.WriteAllContext(ctx, dir, sin)
	if err != nil {
		return nil, err
	}
	files := make([]store.File, 0, len(paths))
	for _, pth := range paths {
		data, err := os.ReadFile(pth)
		if err != nil {
			return nil, err
		}
		rel, err := filepath.Rel(dir, pth)
		if err != nil {
			return nil, err
		}
		files = append(files, store.File{Name: filepath.ToSlash(rel), Data: data, Size: int64(len(data))})
	}
	return files, nil
}

func (s *Server) runningJob(id string) *job {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.jobs[id]
}

func (s *Server) getPlan(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	p, err := s.cfg.Store.Plan(r.Context(), id)
	if err != nil {
		writeError(w, 0, err)
		return
	}
	var j *job
	if p.Status == store.StatusRunning {
		j = s.runningJob(id)
	}
	writeJSON(w, http.StatusOK, planInfo(p, j))
}

func (s *Server) listPlans(w http.ResponseWriter, r *http.Request) {
	ps, err := s.cfg.Store.Plans(r.Context(), r.URL.Query().Get("dataset"))
	if err != nil {
		writeError(w, 0, err)
		return
	}
	out := make([]PlanInfo, len(ps))
	for k := range ps {
		var j *job
		if ps[k].Status == store.StatusRunning {
			j = s.runningJob(ps[k].ID)
		}
		out[k] = planInfo(&ps[k], j)
	}
	writeJSON(w, http.StatusOK, out)
}

// cancelPlan cancels a running plan; its status becomes cancelled.
func (s *Server) cancelPlan(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.cfg.Store.Plan(r.Context(), id); err != nil {
		writeError(w, 0, err)
		return
	}
	j := s.runningJob(id)
	if j == nil || j.cancel == nil {
		writeError(w, http.StatusConflict, fmt.Errorf("plan %s is not running", id))
		return
	}
	j.cancel(errDeleted)
	writeJSON(w, http.StatusAccepted, map[string]string{"id": id, "status": "cancelling"})
}

// contentTypes of the reports by extension.
var contentTypes = map[string]string{
	".md": "text/markdown; charset=utf-8", ".csv": "text/csv; charset=utf-8",
	".geojson": "application/geo+json", ".json": "application/json",
	".kmz": "application/vnd.google-earth.kmz", ".kml": "application/vnd.google-earth.kml+xml",
	".gpx": "application/gpx+xml", ".png": "image/png",
}

func (s *Server) planFile(w http.ResponseWriter, r *http.Request) {
	id, name := r.PathValue("id"), r.PathValue("name")
	if !fs.ValidPath(name) {
		writeError(w, http.StatusBadRequest, fmt.Errorf("file %q: not a report's name", name))
		return
	}
	data, err := s.cfg.Store.PlanFile(r.Context(), id, name)
	if err != nil {
		writeError(w, 0, err)
		return
	}
	ct, ok := contentTypes[strings.ToLower(path.Ext(name))]
	if !ok {
		ct = http.DetectContentType(data)
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}
