package report

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/landrelease/clearance/internal/outfile"
	"github.com/landrelease/clearance/internal/text"
)

// The file names WriteAll writes, in order.
const (
	ScheduleFile          = "schedule.csv"
	PrioritiesFile        = "priorities.csv"
	PrioritiesGeoJSONFile = "priorities.geojson"
	PlanKMZFile           = "plan.kmz"
	TeamsDir              = "teams"
	RiskMapFile           = "risk-map.png"
	BurndownFile          = "burndown.png"
	SummaryFile           = "summary.md"
)

// DefaultMaxFileMB is the size, in megabytes (10⁶ bytes), that no file
// WriteAll writes may reach: the GeoJSON priorities are split into parts
// below it.
const DefaultMaxFileMB = 100

// WriteAll writes every report of in into dir, creating dir if needed, and
// returns the paths written, in this order:
//
//   - schedule.csv ([WriteScheduleCSV]) and priorities.csv
//     ([WritePrioritiesCSV], with each unit's release at P10, P50 and P90,
//     UncertaintyHeader, if in.Uncertainty is set; so too the GeoJSON);
//   - priorities.geojson ([WritePrioritiesGeoJSON]), split when needed into
//     priorities.geojson, priorities-2.geojson, ... by rank, each a whole
//     FeatureCollection below in.MaxFileMB;
//   - plan.kmz ([WritePlanKMZ]: the priorities for Google Earth);
//   - for each team of in.Plan, teams/NNN-name.kmz ([WriteTeamKMZ], the
//     team's jobs with time spans) and teams/NNN-name.gpx ([WriteTeamGPX],
//     waypoints), NNN the team's 1-based number and name its name with
//     anything but letters, digits, '-', '_' and '.' turned into '_';
//   - risk-map.png ([RiskMapPNG], if in.Surface is set), burndown.png
//     ([BurndownPNG], from in.Plan's start and total risk, with the band of
//     in.Uncertainty) and summary.md ([WriteSummary], which lists the files
//     that were split).
//
// With synthetic data (in.Synthetic, or a hazard or incident whose property
// "synthetic" is true) every file says so: a last column "synthetic" in the
// CSVs, a "synthetic" property in the GeoJSON, the KML and GPX
// descriptions, the PNGs' titles and the summary.
//
// Every file is streamed to a temporary file in its folder and renamed into
// place once complete, so a failed report leaves no partial file and no
// file is held whole in memory. The files are written by in.Workers
// goroutines (0 means GOMAXPROCS), the units' shapes computed once for the
// GeoJSON and the KMZ; the files and the order of the paths are the same
// for any count. On an error WriteAll returns the first in the order above
// with the paths before it (files after it may have been written too);
// the summary is written only if all else was. Files already in dir are
// replaced. WriteAll is [WriteAllContext] with a context that is never
// done.
func WriteAll(dir string, in SummaryInput) ([]string, error) {
	return WriteAllContext(context.Background(), dir, in)
}

// WriteAllContext is [WriteAll] that stops once ctx is done: every file
// being written then fails within 64 KiB of output and is removed (the
// files already complete stay), and the error wraps ctx.Err(). A done ctx
// writes nothing.
func WriteAllContext(ctx context.Context, dir string, in SummaryInput) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	fc := in.forecast()
	in.Forecast = fc
	synthetic := in.synthetic()
	maxBytes := int64(in.MaxFileMB * 1e6)
	if in.MaxFileMB == 0 {
		maxBytes = DefaultMaxFileMB * 1e6
	}
	chart := ChartOptions{}
	if in.Chart != nil {
		chart = *in.Chart
	}
	if in.Plan != nil {
		if chart.Start.IsZero() {
			chart.Start = in.Plan.Start
		}
		if chart.TotalRisk == 0 {
			chart.TotalRisk = in.Plan.TotalRisk
		}
	}
	if chart.Band == nil && in.Uncertainty != nil {
		chart.Band = in.Uncertainty
	}
	if synthetic && !strings.Contains(strings.ToLower(chart.Title), "synthetic") {
		chart.Title = chartTitle(chart.Title) + " (synthetic data)"
	}
	mapOpts := MapOptions{}
	if in.Map != nil {
		mapOpts = *in.Map
	}
	mapOpts.Synthetic = mapOpts.Synthetic || synthetic
	if mapOpts.Title == "" {
		mapOpts.Title = in.mapTitle()
	}

	workers := in.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// The units' shapes, once for the GeoJSON and the KMZ.
	var sh *shapes
	if in.Surface != nil {
		sh = newShapes(in.Units, in.Surface, workers)
	}
	// The files that do not depend on each other, written at once: a job
	// per file (or per team, or for the GeoJSON's parts), handed out to the
	// workers the costliest first, so that the team files, many and
	// small, fill the gaps at the end. Their paths and errors are kept in
	// the order of the list whatever finishes first.
	top, teamDir := outfile.NewDir(dir), outfile.NewDir(filepath.Join(dir, TeamsDir))
	type job struct {
		name  string
		write func(io.Writer) error
		parts func() ([]string, error) // a job writing several files
		cost  int                      // the order jobs are started in: the highest first
	}
	jobs := []job{
		{name: ScheduleFile, cost: 3, write: func(w io.Writer) error { return writeScheduleCSV(w, in.Plan, synthetic) }},
		{name: PrioritiesFile, cost: 2, write: func(w io.Writer) error {
			return writePrioritiesCSV(w, in.Priorities, in.Units, in.Plan, in.Uncertainty, synthetic)
		}},
		{name: PrioritiesGeoJSONFile, cost: 5, parts: func() ([]string, error) { return writeGeoJSONParts(ctx, top, maxBytes, &in, sh, synthetic) }},
		{name: PlanKMZFile, cost: 6, write: func(w io.Writer) error {
			return writeKMZ(w, func(w io.Writer) error {
				return writePlanKML(w, in.Priorities, in.Units, in.Surface, sh, in.Plan, false, synthetic)
			})
		}},
	}
	firstTeam := len(jobs)
	teamJobs, err := teamFileJobs(ctx, teamDir, &in, synthetic)
	if err != nil {
		teamJobs = append(teamJobs[:0], func() ([]string, error) { return nil, err })
	}
	for _, tj := range teamJobs {
		jobs = append(jobs, job{name: TeamsDir, parts: tj})
	}
	endTeams := len(jobs)
	if in.Surface != nil {
		jobs = append(jobs, job{name: RiskMapFile, cost: 4, write: func(w io.Writer) error { return RiskMapPNG(w, in.Surface, &mapOpts) }})
	}
	jobs = append(jobs, job{name: BurndownFile, cost: 1, write: func(w io.Writer) error { return BurndownPNG(w, *fc, &chart) }})
	start := make([]int, len(jobs))
	for i := range start {
		start[i] = i
	}
	sort.SliceStable(start, func(a, b int) bool { return jobs[start[a]].cost > jobs[start[b]].cost })
	got := make([][]string, len(jobs))
	errs := make([]error, len(jobs))
	parallel(workers, len(jobs), func(k int) {
		i := start[k]
		j := &jobs[i]
		if j.parts != nil {
			got[i], errs[i] = j.parts()
			return
		}
		if err := writeFileAtomic(ctx, top, j.name, j.write); err != nil {
			errs[i] = fmt.Errorf("report: %s: %w", j.name, err)
			return
		}
		got[i] = []string{filepath.Join(dir, j.name)}
	})
	defer top.Sync()
	defer teamDir.Sync()
	var paths []string
	for i := range jobs {
		paths = append(paths, got[i]...)
		if errs[i] != nil {
			return paths, errs[i]
		}
		switch {
		case jobs[i].name == PrioritiesGeoJSONFile && len(got[i]) > 1:
			in.split = append(in.split, fmt.Sprintf("The priorities' GeoJSON is split by rank into %d files of under %s MB each: %s.",
				len(got[i]), strconv.FormatFloat(float64(maxBytes)/1e6, 'f', -1, 64), baseNames(got[i])))
		case i == endTeams-1 && endTeams > firstTeam:
			in.split = append(in.split, fmt.Sprintf("The jobs are split by team: %s/ holds a KMZ per team (Google Earth; the time slider plays its jobs) and a GPX of waypoints, %d files; %s holds the priorities only.",
				TeamsDir, 2*(endTeams-firstTeam), PlanKMZFile))
		}
	}
	path := filepath.Join(dir, SummaryFile)
	if err := writeFileAtomic(ctx, top, SummaryFile, func(w io.Writer) error { return WriteSummary(w, in) }); err != nil {
		return paths, fmt.Errorf("report: %s: %w", SummaryFile, err)
	}
	return append(paths, path), nil
}

// parallel calls f(0) … f(n-1) on up to workers goroutines (at least
// one) and waits for them.
func parallel(workers, n int, f func(i int)) {
	if workers <= 1 || n <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}

// writeFileAtomic streams f's output into a temporary file in d and
// renames it to name once written and closed (internal/outfile); on
// failure, or once ctx is done, the temporary file is removed.
func writeFileAtomic(ctx context.Context, d *outfile.Dir, name string, f func(io.Writer) error) error {
	fh, err := d.Create(ctx, name)
	if err != nil {
		return err
	}
	if err := f(fh); err != nil {
		fh.Abort()
		return err
	}
	return fh.Close()
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// writeGeoJSONParts writes the priorities' GeoJSON into as many files as
// keep each below maxBytes: priorities.geojson, then priorities-2.geojson
// and so on, each a FeatureCollection of consecutive ranks. It returns the
// paths written.
func writeGeoJSONParts(ctx context.Context, dir *outfile.Dir, maxBytes int64, in *SummaryInput, sh *shapes, synthetic bool) ([]string, error) {
	var paths []string
	var (
		fh   *outfile.File
		cw   *countingWriter
		nf   int
		part int
	)
	closePart := func() error {
		cw.Write([]byte(geojsonTail))
		err := fh.Close()
		if err != nil {
			return err
		}
		paths = append(paths, fh.Path())
		fh = nil
		return nil
	}
	openPart := func() error {
		part++
		var err error
		fh, err = dir.Create(ctx, geojsonPartName(part))
		if err != nil {
			return err
		}
		cw = &countingWriter{w: fh}
		nf = 0
		_, err = cw.Write([]byte(geojsonHead))
		return err
	}
	fail := func(err error) ([]string, error) {
		if fh != nil {
			fh.Abort()
		}
		return paths, fmt.Errorf("report: %s: %w", geojsonPartName(max(part, 1)), err)
	}
	if err := openPart(); err != nil {
		return fail(err)
	}
	tail := int64(len(geojsonTail))
	err := priorityFeatures(in.Priorities, in.Units, in.Surface, sh, in.Plan, in.Uncertainty, synthetic, func(f []byte) error {
		if nf > 0 && cw.n+2+int64(len(f))+tail >= maxBytes {
			if err := closePart(); err != nil {
				return err
			}
			if err := openPart(); err != nil {
				return err
			}
		}
		if nf > 0 {
			cw.Write([]byte{','})
		}
		nf++
		cw.Write([]byte{'\n'})
		_, err := cw.Write(f)
		return err
	})
	if err != nil {
		return fail(err)
	}
	if err := closePart(); err != nil {
		return fail(err)
	}
	return paths, nil
}

// geojsonPartName is priorities.geojson for part 1, priorities-2.geojson
// for part 2, and so on.
func geojsonPartName(part int) string {
	if part <= 1 {
		return PrioritiesGeoJSONFile
	}
	return strings.TrimSuffix(PrioritiesGeoJSONFile, ".geojson") + "-" + strconv.Itoa(part) + ".geojson"
}

// TeamFileName is the base name, without extension, of team k's files in
// the teams folder: "007-Manual-Aghdam-3", the 1-based team number (at
// least three digits) and its name with anything but ASCII letters,
// digits, '-', '_' and '.' replaced by '_'.
func TeamFileName(k int, name string) string {
	safe := []byte(name)
	for i, c := range safe {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			safe[i] = '_'
		}
	}
	return fmt.Sprintf("%03d-%s", k+1, safe)
}

// teamFileJobs returns a job per team of in.Plan, in team order, each
// writing the team's KMZ and GPX into dir (the teams folder, made here) and
// returning their paths; none without a plan or teams.
func teamFileJobs(ctx context.Context, dir *outfile.Dir, in *SummaryInput, synthetic bool) ([]func() ([]string, error), error) {
	p := in.Plan
	if p == nil || len(p.Teams) == 0 {
		return nil, nil
	}
	order, err := rankOrder(in.Priorities, in.Units, p)
	if err != nil {
		return nil, err
	}
	rk := rankUnits(in.Priorities, in.Units, p, order)
	if err := os.MkdirAll(dir.Path(), 0o755); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	jobs := make([]func() ([]string, error), len(p.Teams))
	for k := range p.Teams {
		jobs[k] = func() ([]string, error) {
			base := TeamFileName(k, p.Teams[k].Name)
			err := writeFileAtomic(ctx, dir, base+".kmz", func(w io.Writer) error {
				return writeTeamKMZ(w, p, k, in.Priorities, in.Units, in.Surface, rk, synthetic)
			})
			if err == nil {
				err = writeFileAtomic(ctx, dir, base+".gpx", func(w io.Writer) error {
					return writeTeamGPX(w, p, k, in.Units, in.Surface, rk, synthetic)
				})
			}
			if err != nil {
				return nil, fmt.Errorf("report: team %d (%q): %w", k, p.Teams[k].Name, err)
			}
			return []string{filepath.Join(dir.Path(), base+".kmz"), filepath.Join(dir.Path(), base+".gpx")}, nil
		}
	}
	return jobs, nil
}

// baseNames joins the base names of paths with ", ".
func baseNames(paths []string) string {
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = filepath.Base(p)
	}
	return strings.Join(names, ", ")
}

// mapTitle names the data and its date on the risk map: "<title>", then
// "risk per hectare, incidents to 2025-06-30" on a second line (the latest incident's date; the
// plan's start if there are none).
func (in *SummaryInput) mapTitle() string {
	name := in.Title
	if name == "" {
		name = "Land release plan"
	}
	var latest time.Time
	if d := in.source(); d != nil {
		for _, x := range d.Incidents {
			if x.Date.After(latest) {
				latest = x.Date
			}
		}
	}
	switch {
	case !latest.IsZero():
		return fmt.Sprintf("%s\nrisk per hectare, incidents to %s", name, text.Date(latest))
	case in.Plan != nil:
		return fmt.Sprintf("%s\nrisk per hectare, plan from %s", name, text.Date(in.Plan.Start))
	}
	return name + "\nrisk per hectare"
}

// chartTitle is the burn-down's title, "" meaning its default.
func chartTitle(t string) string {
	if t == "" {
		return "Land release forecast"
	}
	return t
}
