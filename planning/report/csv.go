package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"

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
	bw := bufioWriter(w)
	defer putBufio(bw)
	header := slices.Clip(ScheduleHeader)
	if p != nil && p.Camps != nil {
		header = append(header, LogisticsHeader...)
	}
	b := appendCSVRecord(nil, withSynthetic(slices.Clip(header), synthetic, "synthetic"))
	bw.Write(b)
	if p != nil {
		for i := range p.Jobs {
			j := &p.Jobs[i]
			method := ""
			if j.Team >= 0 && j.Team < len(p.Teams) {
				method = p.Teams[j.Team].Method.String()
			}
			b = appendCSVField(b[:0], j.TeamName)
			b = appendCSVField(append(b, ','), method)
			b = appendCSVField(append(b, ','), j.UnitID)
			b = appendCSVField(append(b, ','), j.Step.String())
			b = appendDate(append(b, ','), j.Start)
			b = appendDate(append(b, ','), planning.LastWorkDayOf(j.Start, j.End))
			b = appendFixed(append(b, ','), j.StartDay, 3)
			b = appendFixed(append(b, ','), j.EndDay, 3)
			b = appendFixed(append(b, ','), j.AreaM2, 1)
			b = appendFixed(append(b, ','), j.ReleasedM2, 1)
			b = appendFixed(append(b, ','), j.TravelDays, 3)
			if p.Camps != nil {
				b = appendCSVField(append(b, ','), campName(p.Camps, j))
				b = appendFixed(append(b, ','), j.RelocationDays, 3)
			}
			if synthetic {
				b = append(b, ",true"...)
			}
			if _, err := bw.Write(append(b, '\n')); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

// appendCSVRecord appends a record as encoding/csv's Writer writes it
// (comma separated, "\n" at the end).
func appendCSVRecord(b []byte, record []string) []byte {
	for i, f := range record {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCSVField(b, f)
	}
	return append(b, '\n')
}

// appendCSVField appends a field as encoding/csv's Writer writes it with a
// comma and "\n" line ends: quoted if it holds a comma, a quote, "\r" or
// "\n", starts with a space (unicode.IsSpace) or is `\.`, quotes doubled.
func appendCSVField[T string | []byte](b []byte, f T) []byte {
	quote := string(f) == `\.`
	for i := 0; i < len(f) && !quote; i++ {
		quote = f[i] == ',' || f[i] == '"' || f[i] == '\r' || f[i] == '\n'
	}
	if !quote && len(f) > 0 {
		r, _ := utf8.DecodeRuneInString(string(f[:min(utf8.UTFMax, len(f))]))
		quote = unicode.IsSpace(r)
	}
	if !quote {
		return append(b, f...)
	}
	b = append(b, '"')
	last := 0
	for i := 0; i < len(f); i++ {
		if f[i] == '"' {
			b = append(b, f[last:i+1]...)
			b = append(b, '"')
			last = i + 1
		}
	}
	b = append(b, f[last:]...)
	return append(b, '"')
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
	bw := bufioWriter(w)
	defer putBufio(bw)
	header := slices.Clip(PrioritiesHeader)
	if unc != nil {
		header = append(header, UncertaintyHeader...)
	}
	b := appendCSVRecord(nil, withSynthetic(slices.Clip(header), synthetic, "synthetic"))
	bw.Write(b)
	var t []byte
	for _, i := range order {
		pr := &prios[i]
		u := &units[pr.Unit]
		b = strconv.AppendInt(b[:0], int64(pr.Rank), 10)
		b = appendCSVField(append(b, ','), u.ID)
		b = appendCSVField(append(b, ','), u.Kind.String())
		b = appendCSVField(append(b, ','), extent(u))
		b = appendFixed(append(b, ','), u.AreaM2/1e4, 4)
		b = appendSig(append(b, ','), u.Risk)
		b = appendSig(append(b, ','), pr.Score)
		b = appendReleaseDate(append(b, ','), p, pr.Unit)
		t = t[:0]
		for k, c := range pr.Criteria {
			if k > 0 {
				t = append(t, ';')
			}
			t = append(t, c.String()...)
		}
		b = appendCSVField(append(b, ','), t)
		t = appendJoined(t[:0], pr.Reasons, " | ")
		b = appendCSVField(append(b, ','), t)
		t = appendJoined(t[:0], u.HazardIDs, ";")
		b = appendCSVField(append(b, ','), t)
		b = strconv.AppendInt(append(b, ','), int64(pr.CasualtiesNearby), 10)
		b = strconv.AppendInt(append(b, ','), int64(pr.IncidentsNearby), 10)
		b = appendCSVField(append(b, ','), pr.NearestSettlement)
		b = append(b, ',')
		if pr.NearestSettlement != "" {
			b = appendFixed(b, pr.NearestSettlementM/1000, 3)
		}
		b = appendDate(append(b, ','), pr.PlannedReturn)
		if unc != nil {
			q := unc.UnitRelease[pr.Unit]
			b = appendDate(append(b, ','), planning.LastWorkDayOf(unc.Start, q[planning.P10]))
			b = appendDate(append(b, ','), planning.LastWorkDayOf(unc.Start, q[planning.P50]))
			b = appendDate(append(b, ','), planning.LastWorkDayOf(unc.Start, q[planning.P90]))
		}
		if synthetic {
			b = append(b, ",true"...)
		}
		if _, err := bw.Write(append(b, '\n')); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// appendJoined appends the strings of ss joined by sep.
func appendJoined(b []byte, ss []string, sep string) []byte {
	for i, s := range ss {
		if i > 0 {
			b = append(b, sep...)
		}
		b = append(b, s...)
	}
	return b
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
		return fmt.Sprintf(" Camp: %s (%s), moved there first (%s working days).", c.Name, c.Kind, appendFixed(nil, j.RelocationDays, 2))
	}
	return fmt.Sprintf(" Camp: %s (%s).", c.Name, c.Kind)
}
