package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/risk"
	"github.com/landrelease/clearance/risk/modelfile"
)

// inputs holds the flags every command shares: the files read and how the
// surface is scored.
type inputs struct {
	hazards, incidents, villages, area string
	maps                               mapFlag
	zone                               string
	modelName                          string
	cellM, bandwidthM, villageScaleM   float64
	workers                            int
	maxCells                           int
	lenient                            bool
	quiet                              bool
}

func (in *inputs) register(fs *flag.FlagSet) {
	fs.StringVar(&in.hazards, "hazards", "", "hazardous areas (SHA/CHA polygons): `file` or URL (see Inputs below; required unless -area is given)")
	fs.StringVar(&in.incidents, "incidents", "", "incidents (points with date, killed, injured, casualties, device): `file` or URL (required)")
	fs.StringVar(&in.villages, "villages", "", "settlements (points with name, population): `file` or URL (required)")
	fs.StringVar(&in.area, "area", "", "area of interest (polygons): `file` or URL; if given, its hectares are scored instead of the hazards'")
	fs.Var(&in.maps, "map", "read a field from a column of another name: `layer.field=column`, such as incidents.killed=fatalities (repeatable; a field mapped twice takes the first column present); layers hazards, incidents, villages; fields "+mapFields+"; a mapped column that no feature has is an error")
	fs.StringVar(&in.zone, "zone", "", "UTM `zone` to project in, such as 38N or EPSG:32638 (default: the zone holding most of the hazards' area, with a warning when they spread beyond it, cross the 180° meridian or pass 84°N/80°S)")
	fs.Float64Var(&in.cellM, "cell", geo.DefaultCellM, "grid cell size in `metres` (100 m cells are hectares)")
	fs.StringVar(&in.modelName, "model", "", "risk `model`: empty or \"mixture\" for the default (a mixture of a 500 m and a 5 km kernel with recency weights, calibrated as incidents per km² a year, times exposure); \"kde\" for the classic kernel density (see -bandwidth); or a model FILE.json written by planner fit")
	fs.Float64Var(&in.bandwidthM, "bandwidth", risk.DefaultBandwidthM, "kde model: incident density kernel bandwidth h in `metres`; incidents beyond 4h do not count")
	fs.Float64Var(&in.villageScaleM, "village-scale", risk.DefaultVillageScaleM, "settlement proximity distance scale λ in `metres`: proximity = exp(-village_m/λ)")
	fs.IntVar(&in.maxCells, "max-cells", risk.DefaultMaxCells, "refuse, before allocating, a run whose hazards (or area) are estimated from their bounding boxes to cover more than `n` grid cells; 0 or less means no limit")
	fs.IntVar(&in.workers, "workers", 0, "worker goroutines for scoring and writing the cells, `n`; 0 means one per CPU (the output is the same for any count)")
	fs.BoolVar(&in.lenient, "lenient", false, "repair what is unambiguous in the inputs (close rings, drop repeated positions), with warnings, instead of rejecting it")
	fs.BoolVar(&in.quiet, "q", false, "quiet: no progress, warnings or summary on stderr; errors are still printed")
}

// check reports a missing or bad flag as a usage error message, or "".
func (in *inputs) check() string {
	switch {
	case in.hazards == "" && in.area == "":
		return "-hazards (or -area) is required"
	case in.incidents == "":
		return "-incidents is required"
	case in.villages == "":
		return "-villages is required"
	case !(in.cellM > 0):
		return fmt.Sprintf("-cell must be positive, not %v", in.cellM)
	case !(in.bandwidthM > 0):
		return fmt.Sprintf("-bandwidth must be positive, not %v", in.bandwidthM)
	case !(in.villageScaleM > 0):
		return fmt.Sprintf("-village-scale must be positive, not %v", in.villageScaleM)
	case in.workers < 0:
		return fmt.Sprintf("-workers must be 0 or more, not %d", in.workers)
	}
	if in.zone != "" {
		if _, err := geo.ParseZone(in.zone); err != nil {
			return fmt.Sprintf("-zone: %v", err)
		}
	}
	return ""
}

// model returns the risk model the flags describe, or an error naming
// the model file that cannot be read.
func (in *inputs) model() (risk.Model, error) {
	switch in.modelName {
	case "", "mixture":
		return risk.Model{VillageScaleM: in.villageScaleM}, nil
	case "kde":
		return risk.Model{Kind: risk.KDE, BandwidthM: in.bandwidthM, VillageScaleM: in.villageScaleM}, nil
	}
	return readModelFile(in.modelName, in.villageScaleM)
}

// scoreOptions returns the scoring options the flags describe, reporting
// progress to rep.
func (in *inputs) scoreOptions(rep *reporter) *risk.ScoreOptions {
	return &risk.ScoreOptions{
		Grid:     geo.Grid{CellM: in.cellM},
		UseArea:  in.area != "",
		Workers:  in.workers,
		Progress: rep.update,
		MaxCells: in.maxCellsOption(),
	}
}

// maxCellsOption returns risk's MaxCells for the -max-cells flag: the flag's
// value, or -1 (no limit) for 0 or less.
func (in *inputs) maxCellsOption() int {
	if in.maxCells <= 0 {
		return -1
	}
	return in.maxCells
}

// limitHint rewrites the hint of a cell limit error (which risk returns
// unwrapped) to name the flags that raise the limit, and returns err.
func limitHint(err error) error {
	var le *geo.CellLimitError
	if errors.As(err, &le) {
		le.Hint = fmt.Sprintf("raise it with -max-cells %d (0 for no limit) or use larger cells (-cell)", le.Cells)
	}
	return err
}

// load reads every input file and projects the dataset. All files are read
// even when one fails, and every file's errors are returned together, as the
// geo/feature reports them (file, feature, id, field). Warnings are noted on
// rep.
func (in *inputs) load(ctx context.Context, rep *reporter) (*geo.Projected, error) {
	t0 := time.Now()
	rep.begin("read")
	d, warns, err := dataset.Read(ctx, dataset.Files{
		Hazards:     in.hazards,
		Incidents:   in.incidents,
		Settlements: in.villages,
		Area:        in.area,
	}, &dataset.Options{Options: feature.Options{Lenient: in.lenient, Schema: in.maps.schema, RequireMapped: true}})
	// Warnings of one kind (2,000 hazards without a status) come as one
	// line with a count and the first few features.
	for _, w := range geo.CollapseWarnings(warns, 3) {
		rep.notef("warning: %s", w)
	}
	if err != nil {
		return nil, err
	}
	// What would make the risk meaningless: empty layers, swapped
	// coordinates, incidents away from every hazard, dates out of range.
	for _, w := range d.Audit(time.Now(), 4*in.bandwidthM) {
		rep.notef("warning: %s", w)
	}
	if in.bandwidthM != risk.DefaultBandwidthM && in.modelName != "kde" {
		rep.notef("warning: -bandwidth %g applies to -model kde only: the %s model keeps its own kernels", in.bandwidthM, cmp.Or(in.modelName, "default"))
	}
	rep.notef("read %d hazards, %d incidents, %d settlements in %s",
		len(d.Hazards), len(d.Incidents), len(d.Settlements), time.Since(t0).Round(time.Millisecond))
	zone := in.zone
	if zone == "" {
		// The zone of most of the hazards' area; its warnings say when
		// the choice is doubtful and how to name another.
		z, zw, err := d.ChooseZone()
		if err != nil {
			return nil, err
		}
		for _, w := range zw {
			rep.notef("warning: %s", w)
		}
		zone = z.String()
	}
	p, err := d.UTM(zone)
	if err != nil {
		return nil, err
	}
	rep.notef("projected in %s", p.Projection)
	return p, nil
}

// score loads the inputs and scores them with the model and options the
// flags describe, noting progress and the result on rep.
func (in *inputs) score(ctx context.Context, rep *reporter) (*risk.Surface, error) {
	p, err := in.load(ctx, rep)
	if err != nil {
		return nil, err
	}
	m, err := in.model()
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	rep.begin("score")
	s, err := m.Score(ctx, p, in.scoreOptions(rep))
	rep.end()
	if err != nil {
		return nil, limitHint(err)
	}
	areaM2, total := s.Total()
	what := "hazards"
	if in.area != "" {
		what = "the area of interest"
	}
	rep.notef("scored %d cells (%.1f ha of %s) in %s; total risk %.6g",
		len(s.Cells), areaM2/1e4, what, time.Since(t0).Round(time.Millisecond), total)
	zeroRisk(rep, len(s.Cells), total)
	return s, nil
}

// zeroRisk warns when every one of n cells scored 0: nothing ranks.
func zeroRisk(rep *reporter, n int, total float64) {
	if n > 0 && total == 0 {
		rep.notef("warning: every one of the %d cells has risk 0, so nothing ranks: see the warnings above (no incident near a hazard? no settlement?)", n)
	}
}

// mapFields lists the fields -map knows, by layer, for the help.
const mapFields = "hazards.{id,kind,status,evidence,reported}, incidents.{id,date,killed,injured,casualties,device}, villages.{name,population,planned_return}"

// mapFlag is the repeatable -map flag: it builds a feature.Schema whose
// mapped fields read the columns named.
type mapFlag struct {
	given  []string
	schema *feature.Schema
}

func (m *mapFlag) String() string { return strings.Join(m.given, " ") }

// Set adds one mapping, layer.field=column.
func (m *mapFlag) Set(v string) error {
	lhs, column, ok := strings.Cut(v, "=")
	layer, field, ok2 := strings.Cut(strings.TrimSpace(lhs), ".")
	column = strings.TrimSpace(column)
	if !ok || !ok2 || column == "" {
		return fmt.Errorf("%q: want layer.field=column, such as incidents.killed=fatalities", v)
	}
	if m.schema == nil {
		m.schema = &feature.Schema{}
	}
	s := m.schema
	fields := map[string]map[string]*[]string{
		"hazards": {"id": &s.HazardID, "kind": &s.HazardKind, "status": &s.HazardStatus,
			"evidence": &s.HazardEvidence, "reported": &s.HazardReported},
		"incidents": {"id": &s.IncidentID, "date": &s.IncidentDate, "killed": &s.IncidentKilled,
			"injured": &s.IncidentInjured, "device": &s.IncidentDevice, "casualties": &s.IncidentCasualties},
		"villages": {"name": &s.SettlementName, "population": &s.SettlementPopulation,
			"planned_return": &s.SettlementReturn, "return": &s.SettlementReturn},
	}
	fields["settlements"] = fields["villages"]
	byField, ok := fields[strings.ToLower(layer)]
	if !ok {
		return fmt.Errorf("%q: unknown layer %q (want hazards, incidents or villages)", v, layer)
	}
	dst, ok := byField[strings.ToLower(field)]
	if !ok {
		return fmt.Errorf("%q: unknown field %q of %s (fields: %s)", v, field, layer, mapFields)
	}
	*dst = append(*dst, column)
	m.given = append(m.given, v)
	return nil
}

// readModelFile reads a model file written by planner fit; the file's
// village_scale_m, if it has one, wins over -village-scale.
func readModelFile(path string, villageScaleM float64) (risk.Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return risk.Model{}, fmt.Errorf("-model: %w", err)
	}
	defer f.Close()
	mf, err := modelfile.Read(f, path)
	if err != nil {
		return risk.Model{}, err
	}
	m := mf.Model()
	if m.VillageScaleM == 0 {
		m.VillageScaleM = villageScaleM
	}
	return m, nil
}
