package planning

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
)

// ErrUnknownField: a plan file has a field this package does not know
// (often a misspelt name; names are case-sensitive).
var ErrUnknownField = errors.New("planning: unknown field")

// MaxFileProblems is the number of problems a [FileError] keeps.
const MaxFileProblems = 100

// PlanFile is what a plan file (JSON) holds: the teams, their calendar,
// and optionally the release policy and the travel speed. Read it with
// [ReadPlanFile]; [PlanFile.Config] turns it into scheduling settings.
//
// The file is one JSON object (every field but "teams" and
// "calendar.start" optional; names are case-sensitive and unknown names
// are errors):
//
//	{
//	  "comment": "free text, ignored",
//	  "teams": [
//	    {"name": "Manual-A", "method": "manual", "count": 12, "deminers": 10,
//	     "m2_per_day": 0, "base": {"lat": 40.0, "lon": 46.9}, "comment": "..."}
//	  ],
//	  "calendar": {"start": "2027-03-01", "utc_offset": "+04:00",
//	    "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat"],
//	    "off_months": ["jan", "feb"], "holidays": ["2027-03-10"],
//	    "yearly_holidays": ["01-01", "03-08"]},
//	  "policy": {"default": {"nts_cancel": 0.32, "ts_reduce_sha": 0.353, "ts_reduce_cha": 0.353},
//	    "districts": {"Aghdam": {"nts_cancel": 0.4}}},
//	  "travel_km_per_day": 150
//	}
//
// Teams: "method" is required: "manual", "mdd" (or "dog", "dogs"),
// "mechanical" (or "machine"), "nts" or "ts", in any case. "name" may be
// empty (the plan names the team "<method> <k>") but two teams may not
// share a name. "count" is a whole number ≥ 1, default 1. "deminers"
// (manual teams only) is a whole number ≥ 0, 0 meaning DefaultDeminers.
// "m2_per_day" is a number ≥ 0, 0 meaning the method's default (see
// [Team.Rate]). "base" is a WGS84 position that becomes Team.BaseLonLat:
// lat in [−90, 90], lon in [−180, 180], not both 0 (see [ProjectBases]).
//
// Calendar: "start" is a date (YYYY-MM-DD, year 1900 to 2999). "utc_offset" (±HH:MM, default
// "+00:00") is the zone every date of the plan is given in; Azerbaijan is
// "+04:00". "weekdays" are names or three-letter abbreviations ("mon",
// "Monday"), default Monday to Friday; an empty list has no working day.
// "off_months" are month names or abbreviations. "holidays" are dates
// (holidays of one year, such as lunar ones). "yearly_holidays" are days
// off every year, as MM-DD ("03-08" for 8 March; "02-29" only counts in
// leap years); see [Calendar].YearlyHolidays. Duplicates within a list are
// errors.
//
// Policy: "default" and each of "districts" (keyed by Unit.District) are
// rates; a share left out of the default takes [DefaultRates]' value, and
// one left out of a district the file's default (or DefaultRates). Every
// share is in [0, 1].
type PlanFile struct {
	// Comment is the file's "comment", kept for reports.
	Comment string
	Teams   []Team
	// Calendar is the file's calendar, every date in its UTC offset.
	Calendar Calendar
	// Policy is nil if the file has none.
	Policy *Policy
	// TravelKmPerDay is 0 if the file does not say.
	TravelKmPerDay float64
}

// Config returns scheduling settings with the file's policy, calendar and
// travel speed (the rest default).
func (f *PlanFile) Config() *Config {
	return &Config{Policy: f.Policy, Calendar: f.Calendar, TravelKmPerDay: f.TravelKmPerDay}
}

// FieldError is one problem in a plan file: File is the file's name, Team
// the 0-based index of the team in "teams" (−1 when the problem is not in a
// team) and Name its name if it has one, Field the JSON path of the value
// ("teams[2].m2_per_day", "calendar.holidays[0]"), Line the 1-based line
// of a syntax error (0 otherwise).
type FieldError struct {
	File  string
	Team  int
	Name  string
	Field string
	Line  int
	Err   error
}

func (e *FieldError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(": ")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	writeItem(&b, "team", e.Team, "", e.Name, e.Field, e.Err)
	return b.String()
}

// Unwrap returns the underlying error: a sentinel ([ErrInvalid],
// [ErrMissing], [ErrUnknownField], [ErrNoWorkDays]) or a decoder's error.
func (e *FieldError) Unwrap() error { return e.Err }

// FileError gathers every problem found in one plan file, in file order, up
// to MaxFileProblems. errors.As finds any of its [FieldError]s; errors.Is
// finds their sentinels.
type FileError struct {
	File string
	Errs []*FieldError
	// Truncated is true when more problems were found than were kept.
	Truncated bool
}

func (e *FileError) Error() string {
	var b strings.Builder
	n := len(e.Errs)
	fmt.Fprintf(&b, "%s: %d problem", e.File, n)
	if n != 1 {
		b.WriteString("s")
	}
	if e.Truncated {
		b.WriteString(" (more not shown)")
	}
	for _, fe := range e.Errs {
		b.WriteString("\n\t")
		b.WriteString(fe.Error())
	}
	return b.String()
}

// Unwrap returns the field errors, for errors.Is and errors.As.
func (e *FileError) Unwrap() []error {
	out := make([]error, len(e.Errs))
	for i, fe := range e.Errs {
		out[i] = fe
	}
	return out
}

// ReadTeams reads the teams of a plan file (see [PlanFile] for the
// format); file names the input in errors. It is ReadPlanFile's Teams, and
// fails where ReadPlanFile does, calendar problems included.
func ReadTeams(r io.Reader, file string) ([]Team, error) {
	f, err := ReadPlanFile(r, file)
	if err != nil {
		return nil, err
	}
	return f.Teams, nil
}

// ReadPlanFile reads a plan file (see [PlanFile] for the format), checking
// every value. file names the input in errors. It returns every problem
// found, as a [*FileError] of [*FieldError]s (a read error of r is returned
// as is, wrapped with the file's name). Teams come in file order, Count 1
// where the file leaves it out, and Base nil: project the bases with
// [ProjectBases]. Cost:
// O(size of the input).
func ReadPlanFile(r io.Reader, file string) (*PlanFile, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("planning: reading %s: %w", file, err)
	}
	d := &fileDecoder{file: file}
	f := d.decode(data)
	if len(d.errs) > 0 {
		return nil, &FileError{File: file, Errs: d.errs, Truncated: d.truncated}
	}
	return f, nil
}

// ProjectBases returns a copy of teams in which every team with a base
// (BaseLonLat other than lon 0, lat 0) has Base set to p.Forward of it, in
// the projected metres of the units' centres; the others keep Base as is.
// teams is not modified. It panics if p is nil.
func ProjectBases(teams []Team, p geo.Projection) []Team {
	if p == nil {
		panic("planning: ProjectBases with a nil projection")
	}
	out := slices.Clone(teams)
	for i := range out {
		if out[i].BaseLonLat != (geo.LonLat{}) {
			xy := p.Forward(out[i].BaseLonLat)
			out[i].Base = &xy
		}
	}
	return out
}

// fileDecoder decodes a plan file, collecting problems.
type fileDecoder struct {
	file      string
	errs      []*FieldError
	truncated bool
}

func (d *fileDecoder) add(team int, name, field string, err error) {
	if len(d.errs) >= MaxFileProblems {
		d.truncated = true
		return
	}
	d.errs = append(d.errs, &FieldError{File: d.file, Team: team, Name: name, Field: field, Err: err})
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
		d.add(team, "", path, fmt.Errorf("%w: want an object, got %s", ErrInvalid, preview(raw)))
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
		o.fail(name, fmt.Errorf("%w: want a string, got %s", ErrInvalid, preview(o.fields[name])))
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
		o.fail(name, fmt.Errorf("%w: want a number, got %s", ErrInvalid, preview(o.fields[name])))
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
		o.fail(name, fmt.Errorf("%w: %v: want a whole number ≥ %d", ErrInvalid, x, lo))
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
		o.fail(name, fmt.Errorf("%w: want a list, got %s", ErrInvalid, preview(o.fields[name])))
		return nil, false
	}
	return l, true
}

func (d *fileDecoder) decode(data []byte) *PlanFile {
	if len(bytes.TrimSpace(data)) == 0 {
		d.add(-1, "", "", fmt.Errorf("%w: empty file", ErrMissing))
		return nil
	}
	if off, err := syntax(data); err != nil {
		line := 1 + bytes.Count(data[:min(max(off, 0), int64(len(data)))], []byte("\n"))
		d.errs = append(d.errs, &FieldError{File: d.file, Team: -1, Line: line, Err: err})
		return nil
	}
	top, ok := d.object(data, -1, "")
	if !ok {
		return nil
	}
	top.known("comment", "teams", "calendar", "policy", "travel_km_per_day")
	f := &PlanFile{}
	f.Comment, _ = top.str("comment")
	if v, ok := top.num("travel_km_per_day"); ok {
		if !(v > 0) {
			top.fail("travel_km_per_day", fmt.Errorf("%w: %v: want a positive number", ErrInvalid, v))
		}
		f.TravelKmPerDay = v
	}
	if !top.has("teams") {
		top.fail("teams", ErrMissing)
	} else if l, ok := top.list("teams"); ok {
		if len(l) == 0 {
			top.fail("teams", fmt.Errorf("%w: no team", ErrMissing))
		}
		names := make(map[string]int)
		for i, raw := range l {
			if t, ok := d.team(raw, i, names); ok {
				f.Teams = append(f.Teams, t)
			}
		}
	}
	if !top.has("calendar") {
		top.fail("calendar", ErrMissing)
	} else if c, ok := d.object(top.fields["calendar"], -1, "calendar"); ok {
		f.Calendar = d.calendar(c)
	}
	if top.has("policy") {
		if c, ok := d.object(top.fields["policy"], -1, "policy"); ok {
			f.Policy = d.policy(c)
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
			return se.Offset, fmt.Errorf("%w: %w", ErrInvalid, err)
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return int64(len(data)), fmt.Errorf("%w: the JSON ends too early", ErrInvalid)
		}
		return dec.InputOffset(), fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	off := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		return off, fmt.Errorf("%w: more data after the JSON value", ErrInvalid)
	}
	return 0, nil
}

var methodNames = map[string]Method{
	"manual": MethodManual, "mdd": MethodMDD, "dog": MethodMDD, "dogs": MethodMDD,
	"mechanical": MethodMechanical, "machine": MethodMechanical, "nts": MethodNTS, "ts": MethodTS,
}

func (d *fileDecoder) team(raw json.RawMessage, i int, names map[string]int) (Team, bool) {
	path := fmt.Sprintf("teams[%d]", i)
	o, ok := d.object(raw, i, path)
	if !ok {
		return Team{}, false
	}
	n0 := len(d.errs)
	t := Team{Count: 1}
	t.Name, _ = o.str("name")
	o.name = t.Name
	o.known("name", "method", "count", "deminers", "m2_per_day", "base", "comment")
	if t.Name != "" {
		if j, dup := names[t.Name]; dup {
			o.fail("name", fmt.Errorf("%w: also team %d", ErrInvalid, j))
		} else {
			names[t.Name] = i
		}
	}
	if m, ok := o.str("method"); ok {
		t.Method = methodNames[strings.ToLower(strings.TrimSpace(m))]
		if t.Method == 0 {
			o.fail("method", fmt.Errorf("%w: %q: want manual, mdd, mechanical, nts or ts", ErrInvalid, m))
		}
	} else if !o.has("method") {
		o.fail("method", ErrMissing)
	}
	if c, ok := o.whole("count", 1); ok {
		t.Count = c
	}
	if dm, ok := o.whole("deminers", 0); ok {
		t.Deminers = dm
		if t.Method != 0 && t.Method != MethodManual {
			o.fail("deminers", fmt.Errorf("%w: only manual teams have deminers", ErrInvalid))
		}
	}
	if v, ok := o.num("m2_per_day"); ok {
		if v < 0 {
			o.fail("m2_per_day", fmt.Errorf("%w: %v: want a number ≥ 0", ErrInvalid, v))
		}
		t.M2PerDay = v
	}
	_, _ = o.str("comment")
	if o.has("base") {
		if b, ok := d.object(o.fields["base"], i, o.field("base")); ok {
			b.name = t.Name
			b.known("lat", "lon")
			lat, okLat := b.num("lat")
			lon, okLon := b.num("lon")
			switch {
			case !b.has("lat"):
				b.fail("lat", ErrMissing)
			case okLat && (lat < -90 || lat > 90):
				b.fail("lat", fmt.Errorf("%w: %v: want −90 to 90", ErrInvalid, lat))
			}
			switch {
			case !b.has("lon"):
				b.fail("lon", ErrMissing)
			case okLon && (lon < -180 || lon > 180):
				b.fail("lon", fmt.Errorf("%w: %v: want −180 to 180", ErrInvalid, lon))
			}
			if okLat && okLon && lat == 0 && lon == 0 {
				b.fail("", fmt.Errorf("%w: lat 0, lon 0 is taken for no base", ErrInvalid))
			}
			t.BaseLonLat = geo.LonLat{Lon: lon, Lat: lat}
		}
	}
	return t, len(d.errs) == n0
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

func (d *fileDecoder) calendar(o *object) Calendar {
	o.known("start", "utc_offset", "weekdays", "off_months", "holidays", "yearly_holidays")
	loc := time.UTC
	if s, ok := o.str("utc_offset"); ok {
		m := offsetRe.FindStringSubmatch(s)
		h, _ := strconv.Atoi(safeIndex(m, 2))
		mi, _ := strconv.Atoi(safeIndex(m, 3))
		switch {
		case m == nil || h > 14 || mi > 59:
			o.fail("utc_offset", fmt.Errorf("%w: %q: want ±HH:MM, like +04:00", ErrInvalid, s))
		case h == 0 && mi == 0:
		default:
			sec := (h*60 + mi) * 60
			if m[1] == "-" {
				sec = -sec
			}
			loc = time.FixedZone("UTC"+s, sec)
		}
	}
	var c Calendar
	date := func(field, s string) (time.Time, bool) {
		t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), loc)
		if err != nil {
			o.fail(field, fmt.Errorf("%w: %q: want a date YYYY-MM-DD", ErrInvalid, s))
			return time.Time{}, false
		}
		return t, true
	}
	if s, ok := o.str("start"); ok {
		if t, ok := date("start", s); ok {
			if y := t.Year(); y < 1900 || y > 2999 {
				o.fail("start", fmt.Errorf("%w: %q: want a year from 1900 to 2999", ErrInvalid, s))
			}
			c.Start = t
		}
	} else if !o.has("start") {
		o.fail("start", ErrMissing)
	}
	item := func(name string, k int, raw json.RawMessage) (string, bool) {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			o.fail(fmt.Sprintf("%s[%d]", name, k), fmt.Errorf("%w: want a string, got %s", ErrInvalid, preview(raw)))
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
				o.fail(fmt.Sprintf("weekdays[%d]", k), fmt.Errorf("%w: %q: want a weekday, like mon", ErrInvalid, s))
			case slices.Contains(c.Weekdays, w):
				o.fail(fmt.Sprintf("weekdays[%d]", k), fmt.Errorf("%w: %s twice", ErrInvalid, w))
			default:
				c.Weekdays = append(c.Weekdays, w)
			}
		}
		if len(l) == 0 {
			o.fail("weekdays", fmt.Errorf("%w: an empty list has no working day", ErrNoWorkDays))
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
				o.fail(fmt.Sprintf("off_months[%d]", k), fmt.Errorf("%w: %q: want a month, like jan", ErrInvalid, s))
			case slices.Contains(c.OffMonths, m):
				o.fail(fmt.Sprintf("off_months[%d]", k), fmt.Errorf("%w: %s twice", ErrInvalid, m))
			default:
				c.OffMonths = append(c.OffMonths, m)
			}
		}
		if len(c.OffMonths) == 12 {
			o.fail("off_months", fmt.Errorf("%w: every month is off", ErrNoWorkDays))
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
				o.fail(field, fmt.Errorf("%w: %s twice", ErrInvalid, s))
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
				o.fail(field, fmt.Errorf("%w: %q: want a day of the year MM-DD, like 03-08", ErrInvalid, s))
			case slices.Contains(c.YearlyHolidays, md):
				o.fail(field, fmt.Errorf("%w: %s twice", ErrInvalid, md))
			default:
				c.YearlyHolidays = append(c.YearlyHolidays, md)
			}
		}
		if err := c.Validate(); errors.Is(err, ErrNoWorkDays) && len(c.OffMonths) < 12 {
			o.fail("yearly_holidays", fmt.Errorf("%w: every day of the working months is a yearly holiday", ErrNoWorkDays))
		}
	}
	return c
}

var monthDayRe = regexp.MustCompile(`^(\d\d)-(\d\d)$`)

// parseMonthDay parses MM-DD, a day of some year (02-29 included).
func parseMonthDay(s string) (MonthDay, bool) {
	m := monthDayRe.FindStringSubmatch(s)
	if m == nil {
		return MonthDay{}, false
	}
	mo, _ := strconv.Atoi(m[1])
	d, _ := strconv.Atoi(m[2])
	md := MonthDay{Month: time.Month(mo), Day: d}
	return md, md.valid()
}

func safeIndex(m []string, i int) string {
	if i < len(m) {
		return m[i]
	}
	return ""
}

func (d *fileDecoder) policy(o *object) *Policy {
	o.known("default", "districts")
	p := &Policy{}
	base := DefaultRates()
	if o.has("default") {
		if r, ok := d.object(o.fields["default"], -1, o.field("default")); ok {
			base = d.rates(r, base)
			p.Default = &base
		}
	}
	if o.has("districts") {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(o.fields["districts"], &m); err != nil || m == nil {
			o.fail("districts", fmt.Errorf("%w: want an object, got %s", ErrInvalid, preview(o.fields["districts"])))
			return p
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		p.Overrides = make(map[string]Rates, len(keys))
		for _, k := range keys {
			if r, ok := d.object(m[k], -1, o.field("districts")+"."+strconv.Quote(k)); ok {
				p.Overrides[k] = d.rates(r, base)
			}
		}
	}
	return p
}

// rates reads rates, taking missing shares from def.
func (d *fileDecoder) rates(o *object, def Rates) Rates {
	o.known("nts_cancel", "ts_reduce_sha", "ts_reduce_cha")
	r := def
	for _, f := range [...]struct {
		name string
		dst  *float64
	}{{"nts_cancel", &r.NTSCancel}, {"ts_reduce_sha", &r.TSReduceSHA}, {"ts_reduce_cha", &r.TSReduceCHA}} {
		if v, ok := o.num(f.name); ok {
			if !(v >= 0 && v <= 1) {
				o.fail(f.name, fmt.Errorf("%w: %v: a share must be in [0, 1]", ErrInvalid, v))
				continue
			}
			*f.dst = v
		}
	}
	return r
}
