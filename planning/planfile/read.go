package planfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/planning"
)

// ErrUnknownField: a plan file has a field this package does not know
// (often a misspelt name; names are case-sensitive).
var ErrUnknownField = errors.New("planfile: unknown field")

// noun is what a problem's index counts: teams, in "teams".
const noun = "team"

// File is what a plan file holds: the teams, their calendar, and
// optionally the release policy and the travel speed (see the package
// documentation for the format). [File.Config] turns it into scheduling
// settings.
type File struct {
	// Comment is the file's "comment", kept for reports.
	Comment string
	// Teams come in file order, Count 1 where the file leaves it out,
	// BaseLonLat the file's base and Base nil: project the bases with
	// planning.ProjectBases.
	Teams []planning.Team
	// Calendar is the file's calendar, every date in its UTC offset.
	Calendar planning.Calendar
	// Policy is nil if the file has none.
	Policy *planning.Policy
	// TravelKmPerDay is 0 if the file does not say.
	TravelKmPerDay float64
	// SurveyLeadDays is the file's "survey_lead_days", 0 if none (see
	// planning.Config.SurveyLeadDays).
	SurveyLeadDays float64
	// LandRules are the file's "land_rules": nil when the file has none
	// (planning.DefaultLandRules then apply), empty when it lists none
	// (no rule applies).
	LandRules []planning.LandRule
	// Costs are the file's "costs" (prices and yearly budget), nil if none.
	Costs *planning.Costs
	// Areas are the file's "areas": tiers, due dates and closures of
	// districts, hazards or units (see planning.ApplyAreaRules).
	Areas []planning.AreaRule
	// Logistics is the file's "logistics" (forward camps, commute limit,
	// relocation days), nil if none. Its camps have LonLat set and XY nil:
	// project them with planning.ProjectCamps.
	Logistics *planning.Logistics
}

// Config returns scheduling settings with the file's policy, calendar,
// travel speed, survey lead, costs, land rules and logistics (the rest
// default). The logistics' camps are not projected: set
// Config.Logistics to planning.ProjectCamps of it before scheduling.
func (f *File) Config() *planning.Config {
	return &planning.Config{Policy: f.Policy, Calendar: f.Calendar, TravelKmPerDay: f.TravelKmPerDay, LandRules: f.LandRules,
		SurveyLeadDays: f.SurveyLeadDays, Costs: f.Costs, Logistics: f.Logistics}
}

// ReadTeams reads the teams of a plan file; file names the input in
// errors. It is Read's Teams, and fails where Read does, calendar problems
// included.
func ReadTeams(r io.Reader, file string) ([]planning.Team, error) {
	f, err := Read(r, file)
	if err != nil {
		return nil, err
	}
	return f.Teams, nil
}

// Read reads a plan file, checking every value; file names the input in
// errors. It returns every problem found, in file order and up to
// feature.DefaultMaxErrors, as a [*geo.FileError] of [*geo.FeatureError]s
// whose Noun is "team": Index is the 0-based position of the team in
// "teams" (−1 when the problem is not in a team), ID its name if it has
// one, Field the JSON path of the value ("teams[2].m2_per_day",
// "calendar.holidays[0]") and Line the 1-based line of a syntax error (0
// otherwise). Each wraps a sentinel: planning.ErrInvalid,
// planning.ErrMissing, planning.ErrNoWorkDays or [ErrUnknownField]. A read
// error of r is returned as is, wrapped with the file's name. Empty input
// is a problem (planning.ErrMissing). Cost: O(size of the input).
func Read(r io.Reader, file string) (*File, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("planfile: reading %s: %w", file, err)
	}
	// A UTF-8 byte-order mark (Windows editors write one) is not JSON:
	// drop it. Lines and errors are unchanged by it.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	d := &fileDecoder{file: file}
	f := d.decode(data)
	if len(d.errs) > 0 {
		return nil, &geo.FileError{File: file, Errs: d.errs, Truncated: d.truncated}
	}
	return f, nil
}

// fileDecoder decodes a plan file, collecting problems.
type fileDecoder struct {
	file      string
	errs      []*geo.FeatureError
	truncated bool
}

func (d *fileDecoder) add(team int, name, field string, err error) {
	if len(d.errs) >= feature.DefaultMaxErrors {
		d.truncated = true
		return
	}
	d.errs = append(d.errs, &geo.FeatureError{File: d.file, Noun: noun, Index: team, ID: name, Field: field, Err: err})
}

// object is one JSON object: its fields and where the problems go.
type object struct {
	d      *fileDecoder
	team   int
	name   string
	path   string // JSON path of the object, "" at the top
	fields map[string]json.RawMessage
}

func (d *fileDecoder) object(raw json.RawMessage, team int, path string) (*object, bool) {
	o := &object{d: d, team: team, path: path}
	if err := json.Unmarshal(raw, &o.fields); err != nil || o.fields == nil {
		d.add(team, "", path, fmt.Errorf("%w: want an object, got %s", planning.ErrInvalid, preview(raw)))
		return nil, false
	}
	return o, true
}

func (o *object) field(name string) string {
	if name == "" {
		return o.path
	}
	if o.path == "" {
		return name
	}
	return o.path + "." + name
}

func (o *object) fail(name string, err error) { o.d.add(o.team, o.name, o.field(name), err) }

// known reports unknown fields, in sorted order.
func (o *object) known(names ...string) {
	var bad []string
	for k := range o.fields {
		if !slices.Contains(names, k) {
			bad = append(bad, k)
		}
	}
	sort.Strings(bad)
	for _, k := range bad {
		o.fail(k, fmt.Errorf("%w (known: %s)", ErrUnknownField, strings.Join(names, ", ")))
	}
}

func (o *object) has(name string) bool {
	v, ok := o.fields[name]
	return ok && !isNull(v)
}

func isNull(v json.RawMessage) bool { return string(bytes.TrimSpace(v)) == "null" }

// preview returns a short form of a JSON value for messages.
func preview(v json.RawMessage) string {
	s := string(bytes.TrimSpace(v))
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	if s == "" {
		s = "nothing"
	}
	return s
}

func (o *object) str(name string) (string, bool) {
	if !o.has(name) {
		return "", false
	}
	var s string
	if err := json.Unmarshal(o.fields[name], &s); err != nil {
		o.fail(name, fmt.Errorf("%w: want a string, got %s", planning.ErrInvalid, preview(o.fields[name])))
		return "", false
	}
	return s, true
}

func (o *object) num(name string) (float64, bool) {
	if !o.has(name) {
		return 0, false
	}
	var x float64
	if err := json.Unmarshal(o.fields[name], &x); err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		o.fail(name, fmt.Errorf("%w: want a number, got %s", planning.ErrInvalid, preview(o.fields[name])))
		return 0, false
	}
	return x, true
}

// whole returns a whole number ≥ lo.
func (o *object) whole(name string, lo int) (int, bool) {
	x, ok := o.num(name)
	if !ok {
		return 0, false
	}
	if x != math.Trunc(x) || x < float64(lo) || x > 1e9 {
		o.fail(name, fmt.Errorf("%w: %v: want a whole number ≥ %d", planning.ErrInvalid, x, lo))
		return 0, false
	}
	return int(x), true
}

func (o *object) list(name string) ([]json.RawMessage, bool) {
	if !o.has(name) {
		return nil, false
	}
	var l []json.RawMessage
	if err := json.Unmarshal(o.fields[name], &l); err != nil {
		o.fail(name, fmt.Errorf("%w: want a list, got %s", planning.ErrInvalid, preview(o.fields[name])))
		return nil, false
	}
	return l, true
}

func (d *fileDecoder) decode(data []byte) *File {
	if len(bytes.TrimSpace(data)) == 0 {
		d.add(-1, "", "", fmt.Errorf("%w: empty file", planning.ErrMissing))
		return nil
	}
	if off, err := syntax(data); err != nil {
		line := 1 + bytes.Count(data[:min(max(off, 0), int64(len(data)))], []byte("\n"))
		d.errs = append(d.errs, &geo.FeatureError{File: d.file, Noun: noun, Index: -1, Line: line, Err: err})
		return nil
	}
	top, ok := d.object(data, -1, "")
	if !ok {
		return nil
	}
	top.known("comment", "teams", "calendar", "policy", "travel_km_per_day", "survey_lead_days", "land_rules", "areas", "costs", "logistics")
	f := &File{}
	f.Comment, _ = top.str("comment")
	if v, ok := top.num("travel_km_per_day"); ok {
		if !(v > 0) {
			top.fail("travel_km_per_day", fmt.Errorf("%w: %v: want a positive number", planning.ErrInvalid, v))
		}
		f.TravelKmPerDay = v
	}
	if v, ok := top.num("survey_lead_days"); ok {
		if !(v >= 0) {
			top.fail("survey_lead_days", fmt.Errorf("%w: %v: want 0 or a positive number of working days", planning.ErrInvalid, v))
		}
		f.SurveyLeadDays = v
	}
	if !top.has("teams") {
		top.fail("teams", planning.ErrMissing)
	} else if l, ok := top.list("teams"); ok {
		if len(l) == 0 {
			top.fail("teams", fmt.Errorf("%w: no team", planning.ErrMissing))
		}
		names := make(map[string]int)
		for i, raw := range l {
			if t, ok := d.team(raw, i, names); ok {
				f.Teams = append(f.Teams, t)
			}
		}
	}
	if !top.has("calendar") {
		top.fail("calendar", planning.ErrMissing)
	} else if c, ok := d.object(top.fields["calendar"], -1, "calendar"); ok {
		f.Calendar = d.calendar(c)
	}
	if top.has("policy") {
		if c, ok := d.object(top.fields["policy"], -1, "policy"); ok {
			f.Policy = d.policy(c)
		}
	}
	if l, ok := top.list("land_rules"); ok {
		f.LandRules = []planning.LandRule{}
		for i, raw := range l {
			if o, ok := d.object(raw, -1, fmt.Sprintf("land_rules[%d]", i)); ok {
				if r, ok := d.landRule(o); ok {
					f.LandRules = append(f.LandRules, r)
				}
			}
		}
	}
	if top.has("costs") {
		if o, ok := d.object(top.fields["costs"], -1, "costs"); ok {
			f.Costs = d.costs(o)
		}
	}
	if top.has("logistics") {
		if o, ok := d.object(top.fields["logistics"], -1, "logistics"); ok {
			f.Logistics = d.logistics(o)
		}
	}
	if f.Logistics == nil && slices.ContainsFunc(f.Teams, func(t planning.Team) bool { return t.CommuteKm > 0 }) {
		f.Logistics = &planning.Logistics{} // the teams' own limits turn logistics on
	}
	if l := f.Logistics; l != nil && len(l.Camps) > 0 && l.CommuteKm == 0 &&
		!slices.ContainsFunc(f.Teams, func(t planning.Team) bool { return t.CommuteKm > 0 }) {
		top.fail("logistics.commute_limit_km", fmt.Errorf("%w: camps are only used with a commute limit (here or in a team)", planning.ErrMissing))
	}
	if l, ok := top.list("areas"); ok {
		for i, raw := range l {
			if o, ok := d.object(raw, -1, fmt.Sprintf("areas[%d]", i)); ok {
				if a, ok := d.area(o, f.Calendar.Start.Location()); ok {
					f.Areas = append(f.Areas, a)
				}
			}
		}
	}
	return f
}

// syntax checks that data is exactly one JSON value; on failure it returns
// the byte offset of the problem and the error.
func syntax(data []byte) (int64, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var v json.RawMessage
	if err := dec.Decode(&v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return se.Offset, fmt.Errorf("%w: %w", planning.ErrInvalid, err)
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return int64(len(data)), fmt.Errorf("%w: the JSON ends too early", planning.ErrInvalid)
		}
		return dec.InputOffset(), fmt.Errorf("%w: %w", planning.ErrInvalid, err)
	}
	off := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		return off, fmt.Errorf("%w: more data after the JSON value", planning.ErrInvalid)
	}
	return 0, nil
}

var methodNames = map[string]planning.Method{
	"manual": planning.MethodManual, "mdd": planning.MethodMDD, "dog": planning.MethodMDD, "dogs": planning.MethodMDD,
	"mechanical": planning.MethodMechanical, "machine": planning.MethodMechanical, "nts": planning.MethodNTS, "ts": planning.MethodTS,
}

func (d *fileDecoder) team(raw json.RawMessage, i int, names map[string]int) (planning.Team, bool) {
	path := fmt.Sprintf("teams[%d]", i)
	o, ok := d.object(raw, i, path)
	if !ok {
		return planning.Team{}, false
	}
	n0 := len(d.errs)
	t := planning.Team{Count: 1}
	t.Name, _ = o.str("name")
	o.name = t.Name
	o.known("name", "method", "count", "deminers", "m2_per_day", "base", "commute_limit_km", "closures", "comment")
	if t.Name != "" {
		if j, dup := names[t.Name]; dup {
			o.fail("name", fmt.Errorf("%w: also team %d", planning.ErrInvalid, j))
		} else {
			names[t.Name] = i
		}
	}
	if m, ok := o.str("method"); ok {
		t.Method = methodNames[strings.ToLower(strings.TrimSpace(m))]
		if t.Method == 0 {
			o.fail("method", fmt.Errorf("%w: %q: want manual, mdd, mechanical, nts or ts", planning.ErrInvalid, m))
		}
	} else if !o.has("method") {
		o.fail("method", planning.ErrMissing)
	}
	if c, ok := o.whole("count", 1); ok {
		if c > planning.MaxTeams {
			o.fail("count", fmt.Errorf("%w: %d: at most %d teams (planning.MaxTeams)", planning.ErrLimit, c, planning.MaxTeams))
		}
		t.Count = c
	}
	if dm, ok := o.whole("deminers", 0); ok {
		t.Deminers = dm
		if t.Method != 0 && t.Method != planning.MethodManual {
			o.fail("deminers", fmt.Errorf("%w: only manual teams have deminers", planning.ErrInvalid))
		}
	}
	if v, ok := o.num("m2_per_day"); ok {
		if v < 0 {
			o.fail("m2_per_day", fmt.Errorf("%w: %v: want a number ≥ 0", planning.ErrInvalid, v))
		} else if v > 0 && v < planning.MinM2PerDay {
			o.fail("m2_per_day", fmt.Errorf("%w: %v m²/day: want at least %v (planning.MinM2PerDay), or 0 for the method's default", planning.ErrLimit, v, planning.MinM2PerDay))
		}
		t.M2PerDay = v
	}
	if v, ok := o.num("commute_limit_km"); ok {
		if !(v > 0) {
			o.fail("commute_limit_km", fmt.Errorf("%w: %v: want a positive number of km", planning.ErrInvalid, v))
		}
		if !o.has("base") {
			o.fail("commute_limit_km", fmt.Errorf("%w: a team without a base never moves: give it a base", planning.ErrInvalid))
		}
		t.CommuteKm = v
	}
	_, _ = o.str("comment")
	if o.has("base") {
		if b, ok := d.object(o.fields["base"], i, o.field("base")); ok {
			b.name = t.Name
			b.known("lat", "lon")
			t.BaseLonLat, _ = b.position("base")
		}
	}
	t.Closures = o.closures("closures", time.UTC)
	return t, len(d.errs) == n0
}

// position reads an object's "lat" and "lon": a WGS84 position other than
// lat 0, lon 0 (which is taken for none); what names it in messages.
func (b *object) position(what string) (geo.LonLat, bool) {
	n0 := len(b.d.errs)
	lat, okLat := b.num("lat")
	lon, okLon := b.num("lon")
	switch {
	case !b.has("lat"):
		b.fail("lat", planning.ErrMissing)
	case okLat && (lat < -90 || lat > 90):
		b.fail("lat", fmt.Errorf("%w: %v: want −90 to 90", planning.ErrInvalid, lat))
	}
	switch {
	case !b.has("lon"):
		b.fail("lon", planning.ErrMissing)
	case okLon && (lon < -180 || lon > 180):
		b.fail("lon", fmt.Errorf("%w: %v: want −180 to 180", planning.ErrInvalid, lon))
	}
	if okLat && okLon && lat == 0 && lon == 0 {
		b.fail("", fmt.Errorf("%w: lat 0, lon 0 is taken for no %s", planning.ErrInvalid, what))
	}
	return geo.LonLat{Lon: lon, Lat: lat}, len(b.d.errs) == n0
}

// logistics reads "logistics": "commute_limit_km" (> 0), "relocation_days"
// (≥ 0) and "camps", each {"name", "lat", "lon"} with a unique name.
func (d *fileDecoder) logistics(o *object) *planning.Logistics {
	o.known("commute_limit_km", "relocation_days", "camps", "comment")
	_, _ = o.str("comment")
	l := &planning.Logistics{}
	if v, ok := o.num("commute_limit_km"); ok {
		if !(v > 0) {
			o.fail("commute_limit_km", fmt.Errorf("%w: %v: want a positive number of km", planning.ErrInvalid, v))
		}
		l.CommuteKm = v
	}
	if v, ok := o.num("relocation_days"); ok {
		if !(v >= 0) {
			o.fail("relocation_days", fmt.Errorf("%w: %v: want 0 or a positive number of working days", planning.ErrInvalid, v))
		}
		l.RelocationDays = v
	}
	if cl, ok := o.list("camps"); ok {
		names := make(map[string]int)
		for i, raw := range cl {
			c, ok := d.object(raw, -1, fmt.Sprintf("%s[%d]", o.field("camps"), i))
			if !ok {
				continue
			}
			c.known("name", "lat", "lon", "comment")
			_, _ = c.str("comment")
			name, _ := c.str("name")
			switch j, dup := names[name]; {
			case !c.has("name") || strings.TrimSpace(name) == "":
				c.fail("name", planning.ErrMissing)
			case dup:
				c.fail("name", fmt.Errorf("%w: %q is also camp %d", planning.ErrInvalid, name, j))
			default:
				names[name] = i
			}
			ll, _ := c.position("camp")
			l.Camps = append(l.Camps, planning.Camp{Name: name, Kind: planning.CampForward, LonLat: ll})
		}
	}
	return l
}

var weekdayNames = func() map[string]time.Weekday {
	m := make(map[string]time.Weekday)
	for w := time.Sunday; w <= time.Saturday; w++ {
		n := strings.ToLower(w.String())
		m[n], m[n[:3]] = w, w
	}
	return m
}()

var monthNames = func() map[string]time.Month {
	m := make(map[string]time.Month)
	for mo := time.January; mo <= time.December; mo++ {
		n := strings.ToLower(mo.String())
		m[n], m[n[:3]] = mo, mo
	}
	return m
}()

var offsetRe = regexp.MustCompile(`^([+-])(\d\d):(\d\d)$`)

func (d *fileDecoder) calendar(o *object) planning.Calendar {
	o.known("start", "utc_offset", "weekdays", "off_months", "holidays", "yearly_holidays")
	loc := time.UTC
	if s, ok := o.str("utc_offset"); ok {
		m := offsetRe.FindStringSubmatch(s)
		h, _ := strconv.Atoi(safeIndex(m, 2))
		mi, _ := strconv.Atoi(safeIndex(m, 3))
		switch {
		case m == nil || h > 14 || mi > 59:
			o.fail("utc_offset", fmt.Errorf("%w: %q: want ±HH:MM, like +04:00", planning.ErrInvalid, s))
		case h == 0 && mi == 0:
		default:
			sec := (h*60 + mi) * 60
			if m[1] == "-" {
				sec = -sec
			}
			loc = time.FixedZone("UTC"+s, sec)
		}
	}
	var c planning.Calendar
	date := func(field, s string) (time.Time, bool) {
		t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), loc)
		if err != nil {
			o.fail(field, fmt.Errorf("%w: %q: want a date YYYY-MM-DD", planning.ErrInvalid, s))
			return time.Time{}, false
		}
		return t, true
	}
	if s, ok := o.str("start"); ok {
		if t, ok := date("start", s); ok {
			if y := t.Year(); y < 1900 || y > 2999 {
				o.fail("start", fmt.Errorf("%w: %q: want a year from 1900 to 2999", planning.ErrInvalid, s))
			}
			c.Start = t
		}
	} else if !o.has("start") {
		o.fail("start", planning.ErrMissing)
	}
	item := func(name string, k int, raw json.RawMessage) (string, bool) {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			o.fail(fmt.Sprintf("%s[%d]", name, k), fmt.Errorf("%w: want a string, got %s", planning.ErrInvalid, preview(raw)))
			return "", false
		}
		return s, true
	}
	if l, ok := o.list("weekdays"); ok {
		c.Weekdays = []time.Weekday{}
		for k, raw := range l {
			s, ok := item("weekdays", k, raw)
			if !ok {
				continue
			}
			w, ok := weekdayNames[strings.ToLower(strings.TrimSpace(s))]
			switch {
			case !ok:
				o.fail(fmt.Sprintf("weekdays[%d]", k), fmt.Errorf("%w: %q: want a weekday, like mon", planning.ErrInvalid, s))
			case slices.Contains(c.Weekdays, w):
				o.fail(fmt.Sprintf("weekdays[%d]", k), fmt.Errorf("%w: %s twice", planning.ErrInvalid, w))
			default:
				c.Weekdays = append(c.Weekdays, w)
			}
		}
		if len(l) == 0 {
			o.fail("weekdays", fmt.Errorf("%w: an empty list has no working day", planning.ErrNoWorkDays))
		}
	}
	if l, ok := o.list("off_months"); ok {
		for k, raw := range l {
			s, ok := item("off_months", k, raw)
			if !ok {
				continue
			}
			m, ok := monthNames[strings.ToLower(strings.TrimSpace(s))]
			switch {
			case !ok:
				o.fail(fmt.Sprintf("off_months[%d]", k), fmt.Errorf("%w: %q: want a month, like jan", planning.ErrInvalid, s))
			case slices.Contains(c.OffMonths, m):
				o.fail(fmt.Sprintf("off_months[%d]", k), fmt.Errorf("%w: %s twice", planning.ErrInvalid, m))
			default:
				c.OffMonths = append(c.OffMonths, m)
			}
		}
		if len(c.OffMonths) == 12 {
			o.fail("off_months", fmt.Errorf("%w: every month is off", planning.ErrNoWorkDays))
		}
	}
	if l, ok := o.list("holidays"); ok {
		for k, raw := range l {
			s, ok := item("holidays", k, raw)
			if !ok {
				continue
			}
			field := fmt.Sprintf("holidays[%d]", k)
			t, ok := date(field, s)
			if !ok {
				continue
			}
			if slices.ContainsFunc(c.Holidays, t.Equal) {
				o.fail(field, fmt.Errorf("%w: %s twice", planning.ErrInvalid, s))
				continue
			}
			c.Holidays = append(c.Holidays, t)
		}
	}
	if l, ok := o.list("yearly_holidays"); ok {
		for k, raw := range l {
			s, ok := item("yearly_holidays", k, raw)
			if !ok {
				continue
			}
			field := fmt.Sprintf("yearly_holidays[%d]", k)
			md, ok := parseMonthDay(strings.TrimSpace(s))
			switch {
			case !ok:
				o.fail(field, fmt.Errorf("%w: %q: want a day of the year MM-DD, like 03-08", planning.ErrInvalid, s))
			case slices.Contains(c.YearlyHolidays, md):
				o.fail(field, fmt.Errorf("%w: %s twice", planning.ErrInvalid, md))
			default:
				c.YearlyHolidays = append(c.YearlyHolidays, md)
			}
		}
		if err := c.Validate(); errors.Is(err, planning.ErrNoWorkDays) && len(c.OffMonths) < 12 {
			o.fail("yearly_holidays", fmt.Errorf("%w: every day of the working months is a yearly holiday", planning.ErrNoWorkDays))
		}
	}
	return c
}

var monthDayRe = regexp.MustCompile(`^(\d\d)-(\d\d)$`)

// parseMonthDay parses MM-DD, a day of some year (02-29 included: the day
// is checked against a leap year).
func parseMonthDay(s string) (planning.MonthDay, bool) {
	m := monthDayRe.FindStringSubmatch(s)
	if m == nil {
		return planning.MonthDay{}, false
	}
	mo, _ := strconv.Atoi(m[1])
	d, _ := strconv.Atoi(m[2])
	t := time.Date(2000, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if mo < 1 || mo > 12 || t.Month() != time.Month(mo) || t.Day() != d {
		return planning.MonthDay{}, false
	}
	return planning.MonthDay{Month: time.Month(mo), Day: d}, true
}

func safeIndex(m []string, i int) string {
	if i < len(m) {
		return m[i]
	}
	return ""
}

func (d *fileDecoder) policy(o *object) *planning.Policy {
	o.known("default", "districts")
	p := &planning.Policy{}
	base := planning.DefaultRates()
	if o.has("default") {
		if r, ok := d.object(o.fields["default"], -1, o.field("default")); ok {
			base = d.rates(r, base)
			p.Default = &base
		}
	}
	if o.has("districts") {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(o.fields["districts"], &m); err != nil || m == nil {
			o.fail("districts", fmt.Errorf("%w: want an object, got %s", planning.ErrInvalid, preview(o.fields["districts"])))
			return p
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		p.Overrides = make(map[string]planning.Rates, len(keys))
		for _, k := range keys {
			if r, ok := d.object(m[k], -1, o.field("districts")+"."+strconv.Quote(k)); ok {
				p.Overrides[k] = d.rates(r, base)
			}
		}
	}
	return p
}

// rates reads rates, taking missing shares from def.
func (d *fileDecoder) rates(o *object, def planning.Rates) planning.Rates {
	o.known("nts_cancel", "ts_reduce_sha", "ts_reduce_cha")
	r := def
	for _, f := range [...]struct {
		name string
		dst  *float64
	}{{"nts_cancel", &r.NTSCancel}, {"ts_reduce_sha", &r.TSReduceSHA}, {"ts_reduce_cha", &r.TSReduceCHA}} {
		if v, ok := o.num(f.name); ok {
			if !(v >= 0 && v <= 1) {
				o.fail(f.name, fmt.Errorf("%w: %v: a share must be in [0, 1]", planning.ErrInvalid, v))
				continue
			}
			*f.dst = v
		}
	}
	return r
}
