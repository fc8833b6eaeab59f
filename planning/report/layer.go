package report

import (
	"fmt"
	"strings"

	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/internal/text"
	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/risk"
	"github.com/paulmach/orb"
)

// PrioritiesLayer returns the priorities as a layer named "priorities",
// one row per priority in rank order (ties in slice order), to write in
// any format (geo/dataset.Write: a GeoPackage or PostGIS table...). Its
// columns are those of WritePrioritiesCSV with typed values at full
// precision: rank (int), id (the ID and Label), kind, extent, area_ha,
// risk, score (floats), release (text, empty without a plan), criteria,
// reasons, hazard_ids, casualties_nearby, incidents_nearby (ints),
// nearest_settlement, nearest_settlement_km (float, none without one),
// planned_return (date, none if unknown), then band. The geometry is each
// unit's, as WritePrioritiesGeoJSON draws it: the layer is of polygons
// when s gives every unit a shape, else of points at the units' centres.
// It returns WritePrioritiesCSV's errors. Cost O(n log n + cells +
// corners) up front, and as much again per pass over the rows.
func PrioritiesLayer(prios []planning.Priority, units []planning.Unit, s *risk.Surface, p *planning.Plan) (*feature.Layer, error) {
	order, err := rankOrder(prios, units, p)
	if err != nil {
		return nil, err
	}
	kind := feature.PolygonGeometry
	for _, i := range order {
		shape, err := unitShape(prios[i].Unit, &units[prios[i].Unit], s)
		if err != nil {
			return nil, err
		}
		if len(shape) == 0 {
			kind = feature.PointGeometry
			break
		}
	}
	cols := []feature.Column{{Name: "rank", Type: feature.TypeInt}, {Name: "id", Type: feature.TypeString, ID: true, Label: true}}
	for _, n := range []string{"kind", "extent"} {
		cols = append(cols, feature.Column{Name: n, Type: feature.TypeString})
	}
	for _, n := range []string{"area_ha", "risk", "score"} {
		cols = append(cols, feature.Column{Name: n, Type: feature.TypeFloat})
	}
	for _, n := range []string{"release", "criteria", "reasons", "hazard_ids"} {
		cols = append(cols, feature.Column{Name: n, Type: feature.TypeString})
	}
	cols = append(cols,
		feature.Column{Name: "casualties_nearby", Type: feature.TypeInt},
		feature.Column{Name: "incidents_nearby", Type: feature.TypeInt},
		feature.Column{Name: "nearest_settlement", Type: feature.TypeString},
		feature.Column{Name: "nearest_settlement_km", Type: feature.TypeFloat},
		feature.Column{Name: "planned_return", Type: feature.TypeDate},
		feature.Column{Name: "band", Type: feature.TypeString},
	)
	return &feature.Layer{
		Name:     "priorities",
		Geometry: kind,
		Columns:  cols,
		Rows: func(yield func(orb.Geometry, []any) bool) {
			vals := make([]any, len(cols))
			for _, i := range order {
				pr := &prios[i]
				u := &units[pr.Unit]
				var g orb.Geometry
				if kind == feature.PolygonGeometry {
					shape, _ := unitShape(pr.Unit, u, s) // checked above
					g = shape
				} else {
					ll := unitPoint(u, s)
					g = orb.Point{ll.Lon, ll.Lat}
				}
				var km, ret any
				if pr.NearestSettlement != "" {
					km = pr.NearestSettlementM / 1000
				}
				if !pr.PlannedReturn.IsZero() {
					ret = pr.PlannedReturn
				}
				row := [...]any{pr.Rank, u.ID, u.Kind.String(), extent(u), u.AreaM2 / 1e4, u.Risk, pr.Score,
					releaseDate(p, pr.Unit), criteria(pr.Criteria), strings.Join(pr.Reasons, " | "),
					strings.Join(u.HazardIDs, ";"), pr.CasualtiesNearby, pr.IncidentsNearby,
					pr.NearestSettlement, km, ret, bands[bandOf(pr.Rank, len(prios))].name}
				copy(vals, row[:])
				if !yield(g, vals) {
					return
				}
			}
		},
	}, nil
}

// ScheduleLayer returns the plan's jobs as a layer named "schedule", one
// row per job in the plan's job order, with the columns of
// WriteScheduleCSV as typed values at full precision: team, method, unit,
// step, start, end (text dates, as the CSV has them), start_day, end_day,
// area_m2, released_m2, travel_days (floats). Each row's geometry is its
// unit's, as in PrioritiesLayer (so a unit worked in three steps is drawn
// three times). A nil plan gives a layer without rows. It returns an error
// naming a unit whose index is out of range. Cost O(jobs + cells +
// corners) per pass.
func ScheduleLayer(p *planning.Plan, units []planning.Unit, s *risk.Surface) (*feature.Layer, error) {
	var jobs []planning.Job
	if p != nil {
		jobs = p.Jobs
	}
	kind := feature.PolygonGeometry
	for i := range jobs {
		u := jobs[i].Unit
		if u < 0 || u >= len(units) {
			return nil, errUnitRange(i, u, len(units))
		}
		shape, err := unitShape(u, &units[u], s)
		if err != nil {
			return nil, err
		}
		if len(shape) == 0 {
			kind = feature.PointGeometry
		}
	}
	var cols []feature.Column
	for k, n := range ScheduleHeader {
		t := feature.TypeString
		if k >= 6 {
			t = feature.TypeFloat
		}
		cols = append(cols, feature.Column{Name: n, Type: t})
	}
	return &feature.Layer{
		Name:     "schedule",
		Geometry: kind,
		Columns:  cols,
		Rows: func(yield func(orb.Geometry, []any) bool) {
			vals := make([]any, len(cols))
			for i := range jobs {
				j := &jobs[i]
				u := &units[j.Unit]
				var g orb.Geometry
				if kind == feature.PolygonGeometry {
					shape, _ := unitShape(j.Unit, u, s) // checked above
					g = shape
				} else {
					ll := unitPoint(u, s)
					g = orb.Point{ll.Lon, ll.Lat}
				}
				method := ""
				if j.Team >= 0 && j.Team < len(p.Teams) {
					method = p.Teams[j.Team].Method.String()
				}
				row := [...]any{j.TeamName, method, j.UnitID, j.Step.String(), text.Date(j.Start), endDate(j.Start, j.End),
					j.StartDay, j.EndDay, j.AreaM2, j.ReleasedM2, j.TravelDays}
				copy(vals, row[:])
				if !yield(g, vals) {
					return
				}
			}
		},
	}, nil
}

// errUnitRange is the error of job i whose unit index u is out of [0, n).
func errUnitRange(i, u, n int) error {
	return fmt.Errorf("report: job %d: unit index %d out of range [0, %d)", i, u, n)
}
