package report

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// The file names WriteAll writes, in order.
const (
	ScheduleFile          = "schedule.csv"
	PrioritiesFile        = "priorities.csv"
	PrioritiesGeoJSONFile = "priorities.geojson"
	PlanKMLFile           = "plan.kml"
	RiskMapFile           = "risk-map.png"
	BurndownFile          = "burndown.png"
	SummaryFile           = "summary.md"
)

// WriteAll writes every report of in into dir, creating dir if needed:
// schedule.csv ([WriteScheduleCSV]), priorities.csv
// ([WritePrioritiesCSV]), priorities.geojson ([WritePrioritiesGeoJSON]),
// plan.kml ([WritePlanKML]), risk-map.png ([RiskMapPNG], if in.Surface is
// set), burndown.png ([BurndownPNG], starting at in.Plan's start and total
// risk) and summary.md ([WriteSummary]). It returns the paths written, in
// that order. Each file is built in memory and written whole, so a failed
// report leaves no partial file; the first error stops the run, with the
// paths written so far. Files already in dir are replaced.
func WriteAll(dir string, in SummaryInput) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	fc := in.forecast()
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
	type job struct {
		name  string
		write func(io.Writer) error
	}
	jobs := []job{
		{ScheduleFile, func(w io.Writer) error { return WriteScheduleCSV(w, in.Plan) }},
		{PrioritiesFile, func(w io.Writer) error { return WritePrioritiesCSV(w, in.Priorities, in.Units, in.Plan) }},
		{PrioritiesGeoJSONFile, func(w io.Writer) error {
			return WritePrioritiesGeoJSON(w, in.Priorities, in.Units, in.Surface, in.Plan)
		}},
		{PlanKMLFile, func(w io.Writer) error { return WritePlanKML(w, in.Priorities, in.Units, in.Surface, in.Plan) }},
	}
	if in.Surface != nil {
		jobs = append(jobs, job{RiskMapFile, func(w io.Writer) error { return RiskMapPNG(w, in.Surface, in.Map) }})
	}
	jobs = append(jobs,
		job{BurndownFile, func(w io.Writer) error { return BurndownPNG(w, *fc, &chart) }},
		job{SummaryFile, func(w io.Writer) error { in.Forecast = fc; return WriteSummary(w, in) }},
	)
	var paths []string
	var buf bytes.Buffer
	for _, j := range jobs {
		buf.Reset()
		if err := j.write(&buf); err != nil {
			return paths, fmt.Errorf("report: %s: %w", j.name, err)
		}
		path := filepath.Join(dir, j.name)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return paths, fmt.Errorf("report: %w", err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}
