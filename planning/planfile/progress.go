package planfile

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/internal/lex"
	"github.com/landrelease/clearance/planning"
)

// ReadProgress reads a progress file for a re-plan (planning.ApplyProgress):
// a CSV with a header and one row per step finished in the field, columns
// (names compared without regard to case, spaces, "_" and "-"; others
// ignored):
//
//	unit     the unit id (also "unit_id", "id")
//	step     nts, ts or clearance
//	date     the day it ended, YYYY-MM-DD
//	outcome  for nts and ts: cancelled, reduced or confirmed; empty for clearance
//	         and for a step under way
//	team     optional: the team that did the step, as the plan names it
//	         ("Manual-Aghdam-3"): where it is and when it is free for the
//	         re-plan (planning.Positions)
//	done_ha  optional: for a step started but not finished, the hectares
//	         worked on it by the date (also "area_done_m2" in m²); empty or
//	         0 for a finished step
//
// Every row is checked; problems come as a [*geo.FileError] of
// [*geo.FeatureError]s with Noun "row" (Index the 0-based data row, Line
// the file's line, Field the column), up to feature.DefaultMaxErrors, each
// wrapping planning.ErrInvalid or planning.ErrMissing. Dates are read in
// loc (nil: UTC). Cost O(size of the input).
func ReadProgress(r io.Reader, file string, loc *time.Location) ([]planning.Done, error) {
	if loc == nil {
		loc = time.UTC
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	fe := &geo.FileError{File: file}
	add := func(row, line int, id, field string, err error) {
		if len(fe.Errs) >= feature.DefaultMaxErrors {
			fe.Truncated = true
			return
		}
		fe.Errs = append(fe.Errs, &geo.FeatureError{File: file, Noun: "row", Index: row, Line: line, ID: id, Field: field, Err: err})
	}
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			add(-1, 0, "", "", fmt.Errorf("%w: empty file: want a header unit,step,date,outcome", planning.ErrMissing))
			return nil, fe
		}
		if pe := (*csv.ParseError)(nil); errors.As(err, &pe) { // the header is not CSV
			add(-1, pe.Line, "", "", fmt.Errorf("%w: header: %w", planning.ErrInvalid, pe.Err))
			return nil, fe
		}
		return nil, fmt.Errorf("planfile: reading %s: %w", file, err)
	}
	col := map[string]int{}
	for i, h := range head {
		n := lex.Norm(strings.TrimPrefix(h, "\ufeff"))
		switch n {
		case "unit", "unit id", "id":
			n = "unit"
		case "team", "team name":
			n = "team"
		case "done ha", "area done ha":
			n = "done_ha"
		case "area done m2", "done m2":
			n = "area_done_m2"
		}
		if _, dup := col[n]; !dup {
			col[n] = i
		}
	}
	for _, need := range []string{"unit", "step", "date"} {
		if _, ok := col[need]; !ok {
			add(-1, 1, "", need, fmt.Errorf("%w: no %q column in the header", planning.ErrMissing, need))
		}
	}
	if len(fe.Errs) > 0 {
		return nil, fe
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var out []planning.Done
	for row := 0; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				add(row, pe.Line, "", "", fmt.Errorf("%w: %w", planning.ErrInvalid, pe.Err))
				continue
			}
			return nil, fmt.Errorf("planfile: reading %s: %w", file, err)
		}
		line, _ := cr.FieldPos(0) // only after a record was read: it panics after an error
		d := planning.Done{UnitID: get(rec, "unit")}
		n0 := len(fe.Errs)
		if d.UnitID == "" {
			add(row, line, "", "unit", planning.ErrMissing)
		}
		switch s := strings.ToLower(get(rec, "step")); s {
		case "nts":
			d.Step = planning.NTS
		case "ts":
			d.Step = planning.TS
		case "clearance":
			d.Step = planning.Clearance
		case "":
			add(row, line, d.UnitID, "step", planning.ErrMissing)
		default:
			add(row, line, d.UnitID, "step", fmt.Errorf("%w: %q: want nts, ts or clearance", planning.ErrInvalid, s))
		}
		if s := get(rec, "date"); s == "" {
			add(row, line, d.UnitID, "date", planning.ErrMissing)
		} else if t, err := time.ParseInLocation("2006-01-02", s, loc); err != nil {
			add(row, line, d.UnitID, "date", fmt.Errorf("%w: %q: want a date YYYY-MM-DD", planning.ErrInvalid, s))
		} else {
			d.Date = t
		}
		d.Team = get(rec, "team")
		for _, c := range [2]struct {
			name  string
			scale float64
		}{{"done_ha", 1e4}, {"area_done_m2", 1}} {
			s := get(rec, c.name)
			if s == "" {
				continue
			}
			v, err := lex.ParseDecimal(s)
			if err != nil || !(v >= 0) || math.IsInf(v, 0) {
				add(row, line, d.UnitID, c.name, fmt.Errorf("%w: %q: want a number of %s, 0 or more", planning.ErrInvalid, s, map[bool]string{true: "hectares", false: "m²"}[c.scale > 1]))
				continue
			}
			d.AreaDoneM2 = v * c.scale
		}
		switch s := strings.ToLower(get(rec, "outcome")); s {
		case "cancelled", "canceled":
			d.Result = planning.Cancelled
		case "reduced":
			d.Result = planning.Reduced
		case "confirmed":
			d.Result = planning.Confirmed
		case "":
			if (d.Step == planning.NTS || d.Step == planning.TS) && d.AreaDoneM2 == 0 {
				add(row, line, d.UnitID, "outcome", fmt.Errorf("%w: a survey needs its outcome: cancelled, reduced or confirmed", planning.ErrMissing))
			}
		default:
			add(row, line, d.UnitID, "outcome", fmt.Errorf("%w: %q: want cancelled, reduced or confirmed", planning.ErrInvalid, s))
		}
		if d.Step == planning.Clearance && d.Result != 0 {
			add(row, line, d.UnitID, "outcome", fmt.Errorf("%w: clearance has no survey outcome", planning.ErrInvalid))
		}
		if len(fe.Errs) == n0 {
			out = append(out, d)
		}
	}
	if len(fe.Errs) > 0 {
		return nil, fe
	}
	return out, nil
}
