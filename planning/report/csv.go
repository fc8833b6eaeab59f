package report

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/landrelease/clearance/internal/text"
	"github.com/landrelease/clearance/planning"
)

// ScheduleHeader is the header row of [WriteScheduleCSV].
var ScheduleHeader = []string{"team", "method", "unit", "step", "start", "end",
	"start_day", "end_day", "area_m2", "released_m2", "travel_days"}

// LogisticsHeader names the columns [WriteScheduleCSV] adds with logistics.
var LogisticsHeader = []string{"camp", "relocation_days"}

// PrioritiesHeader is the header row of [WritePrioritiesCSV].
var PrioritiesHeader = []string{"rank", "id", "kind", "extent", "area_ha", "risk", "score", "release",
	"criteria", "reasons", "hazard_ids", "casualties_nearby", "incidents_nearby",
	"nearest_settlement", "nearest_settlement_km", "planned_return"}

// WriteScheduleCSV writes the plan's jobs as CSV, one row per job in the
// plan's job order (by team, each team's jobs in time order), under
// [ScheduleHeader]:
//
//	team, method     the team's name and method (manual, MDD, mechanical, NTS, TS)
//	unit, step       the unit's id and the step (NTS, TS, clearance)
//	start, end       the first and last day of the job (travel included)
//	start_day, end_day  the same in working days from the plan's start
//	area_m2          the area the job processes
//	released_m2      the area it is expected to release
//	travel_days      the working days spent getting there
//
// With logistics (p.Camps not nil, see planning.Logistics) two columns
// follow, named in [LogisticsHeader]:
//
//	camp             the name of the camp the team works the job from (empty for a team without a base)
//	relocation_days  the working days the team spent moving to that camp before the job (0 if it did not move)
//
// Number formats and dates are described in the package documentation. A
// nil plan, or one without jobs, gives the header alone. Cost O(jobs).
func WriteScheduleCSV(w io.Writer, p *planning.Plan) error { return writeScheduleCSV(w, p, false) }

// writeScheduleCSV is WriteScheduleCSV with a last column "synthetic",
// true on every row, if synthetic is set.
func writeScheduleCSV(w io.Writer, p *planning.Plan, synthetic bool) error {
	cw := csv.NewWriter(w)
	header := slices.Clip(ScheduleHeader)
	if p != nil && p.Camps != nil {
		header = append(header, LogisticsHeader...)
	}
	if err := cw.Write(withSynthetic(slices.Clip(header), synthetic, "synthetic")); err != nil {
		return err
	}
	if p != nil {
		row := make([]string, len(header)+1)
		for i := range p.Jobs {
			j := &p.Jobs[i]
			method := ""
			if j.Team >= 0 && j.Team < len(p.Teams) {
				method = p.Teams[j.Team].Method.String()
			}
			row = append(row[:0], j.TeamName, method, j.UnitID, j.Step.String(),
				text.Date(j.Start), endDate(j.Start, j.End),
				text.Fixed(j.StartDay, 3), text.Fixed(j.EndDay, 3),
				text.Fixed(j.AreaM2, 1), text.Fixed(j.ReleasedM2, 1), text.Fixed(j.TravelDays, 3))
			if p.Camps != nil {
				row = append(row, campName(p.Camps, j), text.Fixed(j.RelocationDays, 3))
			}
			if err := cw.Write(withSynthetic(row, synthetic, "true")); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WritePrioritiesCSV writes the priorities as CSV, one row per priority in
// rank order (ties in slice order), under [PrioritiesHeader]:
//
//	rank, id             the priority's 1-based rank and the unit's id
//	kind, extent         SHA or CHA; "hazard" for a unit of whole hazards, "block" for a block of cells
//	area_ha, risk        the unit's area in hectares and its risk mass
//	score                the priority score
//	release              the unit's release date under p (empty if p is nil)
//	criteria             the ANAMA criteria met, joined by ";"
//	reasons              the reasons, joined by " | "
//	hazard_ids           the ids of the unit's hazards, joined by ";"
//	casualties_nearby, incidents_nearby, nearest_settlement,
//	nearest_settlement_km, planned_return   from the priority
//
// prios[i].Unit indexes units; p, if not nil, must be a plan of these units
// (len(p.Units) == len(units)). It returns an error naming the priority if
// an index is out of range, and an error if the plan does not match. Cost
// O(n log n) for n priorities.
func WritePrioritiesCSV(w io.Writer, prios []planning.Priority, units []planning.Unit, p *planning.Plan) error {
	return writePrioritiesCSV(w, prios, units, p, nil, false)
}

// UncertaintyHeader names the columns WriteAll adds to the priorities when
// it has an uncertainty: each unit's release date at P10, P50 and P90.
var UncertaintyHeader = []string{"release_p10", "release_p50", "release_p90"}

// releaseQuantiles returns unit u's release dates at P10, P50 and P90, or
// nil without an uncertainty (or one of other units).
func releaseQuantiles(unc *planning.Uncertainty, u int) []string {
	if unc == nil || u < 0 || u >= len(unc.UnitRelease) {
		return nil
	}
	q := unc.UnitRelease[u]
	return []string{endDate(unc.Start, q[planning.P10]), endDate(unc.Start, q[planning.P50]), endDate(unc.Start, q[planning.P90])}
}

// writePrioritiesCSV is WritePrioritiesCSV with the columns of
// UncertaintyHeader if unc is not nil (and of the units), and a last column
// "synthetic", true on every row, if synthetic is set.
func writePrioritiesCSV(w io.Writer, prios []planning.Priority, units []planning.Unit, p *planning.Plan, unc *planning.Uncertainty, synthetic bool) error {
	if unc != nil && len(unc.UnitRelease) != len(units) {
		unc = nil
	}
	order, err := rankOrder(prios, units, p)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	header := slices.Clip(PrioritiesHeader)
	if unc != nil {
		header = append(header, UncertaintyHeader...)
	}
	if err := cw.Write(withSynthetic(slices.Clip(header), synthetic, "synthetic")); err != nil {
		return err
	}
	row := make([]string, len(header)+1)
	for _, i := range order {
		pr := &prios[i]
		u := &units[pr.Unit]
		km := ""
		if pr.NearestSettlement != "" {
			km = text.Fixed(pr.NearestSettlementM/1000, 3)
		}
		row = append(row[:0], strconv.Itoa(pr.Rank), u.ID, u.Kind.String(), extent(u),
			text.Fixed(u.AreaM2/1e4, 4), sig(u.Risk), sig(pr.Score), releaseDate(p, pr.Unit),
			criteria(pr.Criteria), strings.Join(pr.Reasons, " | "), strings.Join(u.HazardIDs, ";"),
			strconv.Itoa(pr.CasualtiesNearby), strconv.Itoa(pr.IncidentsNearby),
			pr.NearestSettlement, km, text.Date(pr.PlannedReturn))
		row = append(row, releaseQuantiles(unc, pr.Unit)...)
		if err := cw.Write(withSynthetic(row, synthetic, "true")); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// withSynthetic returns row with v appended if synthetic is set (row's
// backing array must have room, or it is grown).
func withSynthetic(row []string, synthetic bool, v string) []string {
	if !synthetic {
		return row
	}
	return append(row, v)
}

// extent says what a unit is made of: "block" or "hazard".
func extent(u *planning.Unit) string {
	if u.Block {
		return "block"
	}
	return "hazard"
}

// rankOrder checks the priorities against units and plan and returns their
// indexes by rank, ties by index.
func rankOrder(prios []planning.Priority, units []planning.Unit, p *planning.Plan) ([]int, error) {
	if p != nil && len(p.Units) != len(units) {
		return nil, fmt.Errorf("report: the plan has %d units, not the %d given", len(p.Units), len(units))
	}
	order := make([]int, len(prios))
	for i := range prios {
		if u := prios[i].Unit; u < 0 || u >= len(units) {
			return nil, fmt.Errorf("report: priority %d (id %q): unit index %d out of range [0, %d)",
				i, prios[i].ID, u, len(units))
		}
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(prios[a].Rank, prios[b].Rank) })
	return order, nil
}

// campName returns the name of job j's camp ("" for none).
func campName(camps []planning.Camp, j *planning.Job) string {
	if j.Camp < 0 || j.Camp >= len(camps) {
		return ""
	}
	return camps[j.Camp].Name
}

// campText says where job j is worked from, for descriptions: " Camp:
// Quzanli (forward camp), moved there first (2.4 working days)." ("" without
// logistics or a camp).
func campText(camps []planning.Camp, j *planning.Job) string {
	if j.Camp < 0 || j.Camp >= len(camps) {
		return ""
	}
	c := &camps[j.Camp]
	if j.Moved {
		return fmt.Sprintf(" Camp: %s (%s), moved there first (%s working days).", c.Name, c.Kind, text.Fixed(j.RelocationDays, 2))
	}
	return fmt.Sprintf(" Camp: %s (%s).", c.Name, c.Kind)
}
