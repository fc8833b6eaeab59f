package planfile

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/planning"
)

func TestReadAghdam(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "aghdam", "teams.json"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := Read(bytes.NewReader(b), "teams.json")
	if err != nil {
		t.Fatal(err)
	}
	count := map[planning.Method]int{}
	for _, tm := range f.Teams {
		count[tm.Method] += max(tm.Count, 1)
		if tm.Base != nil || tm.BaseLonLat == (geo.LonLat{}) {
			t.Errorf("team %s: base %v, lon/lat %v", tm.Name, tm.Base, tm.BaseLonLat)
		}
	}
	want := map[planning.Method]int{planning.MethodManual: 12, planning.MethodMDD: 4, planning.MethodMechanical: 3, planning.MethodNTS: 2, planning.MethodTS: 4}
	for m, n := range want {
		if count[m] != n {
			t.Errorf("%d %s teams, want %d", count[m], m, n)
		}
	}
	c := f.Calendar
	if _, off := c.Start.Zone(); off != 4*3600 || c.Start.Format("2006-01-02") != "2027-03-01" {
		t.Errorf("start %v", c.Start)
	}
	// Fixed-date holidays every year (1-2 Jan, 8 Mar, 20-24 Mar, 9 May,
	// 28 May, 15 Jun, 26 Jun, 8-9 Nov, 31 Dec); the lunar ones of 2027.
	if len(c.Weekdays) != 6 || len(c.OffMonths) != 2 || len(c.Holidays) != 4 || len(c.YearlyHolidays) != 15 ||
		f.Policy != nil || f.Comment == "" {
		t.Errorf("calendar %+v, policy %v", c, f.Policy)
	}
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, c.Start.Location()) }
	if c.IsWorkDay(at(2027, 3, 21)) || !c.IsWorkDay(at(2027, 3, 6)) {
		t.Error("Novruz is a working day, or Saturday is not")
	}
	// Holidays recur: the plan runs for years.
	for _, d := range []time.Time{at(2028, 3, 8), at(2029, 3, 22), at(2030, 5, 9), at(2031, 5, 28), at(2033, 6, 15),
		at(2034, 6, 26), at(2035, 11, 8), at(2037, 11, 9), at(2036, 12, 31)} {
		if c.IsWorkDay(d) {
			t.Errorf("%s is a working day", d.Format("Monday 2 January 2006"))
		}
	}
	if !c.IsWorkDay(at(2028, 3, 9)) || !c.IsWorkDay(at(2028, 5, 16)) {
		t.Error("2027's lunar holidays recur in 2028")
	}

	// The teams plan units once their bases are projected.
	utm := geo.NewUTM(geo.Zone{Number: 38})
	teams := planning.ProjectBases(f.Teams, utm)
	if f.Teams[0].Base != nil {
		t.Error("ProjectBases changed its input")
	}
	aghdam := utm.Forward(geo.LonLat{Lon: 46.933611, Lat: 39.988889})
	if *teams[0].Base != aghdam {
		t.Errorf("base %v, want %v", *teams[0].Base, aghdam)
	}
	units := []planning.Unit{{ID: "u", Kind: geo.SHA, AreaM2: 20000, Risk: 1, Centre: utm.Forward(geo.LonLat{Lon: 46.84, Lat: 40.16})}}
	cfg := f.Config()
	cfg.Logistics = planning.ProjectCamps(cfg.Logistics, utm)
	plan, err := planning.Schedule(t.Context(), units, teams, cfg)
	if err != nil {
		t.Fatal(err)
	}
	// The unit is 20 km from Aghdam, within the 30 km limit, and 34 km
	// from Barda: only a Barda team moves.
	if l := f.Logistics; l == nil || l.CommuteKm != 30 || l.RelocationDays != 2 || len(l.Camps) != 2 || plan.Camps == nil {
		t.Errorf("logistics %+v", l)
	}
	for _, j := range plan.Jobs {
		if j.Moved != strings.Contains(j.TeamName, "Barda") {
			t.Errorf("job %+v: moved %v", j, j.Moved)
		}
	}
	if len(plan.Teams) != 25 || !plan.Start.Equal(time.Date(2027, 3, 1, 0, 0, 0, 0, c.Start.Location())) {
		t.Errorf("%d teams, start %v", len(plan.Teams), plan.Start)
	}
	tr, err := ReadTeams(bytes.NewReader(b), "teams.json")
	if err != nil || len(tr) != len(f.Teams) {
		t.Errorf("ReadTeams: %d teams, %v", len(tr), err)
	}
}

func TestReadPolicy(t *testing.T) {
	in := `{"teams":[{"method":"ts"}],"calendar":{"start":"2026-04-01"},"travel_km_per_day":90,
	"policy":{"default":{"nts_cancel":0.5},"districts":{"Aghdam":{"ts_reduce_cha":0.1},"Tartar":{}}}}`
	f, err := Read(strings.NewReader(in), "p.json")
	if err != nil {
		t.Fatal(err)
	}
	def := planning.DefaultRates()
	if f.TravelKmPerDay != 90 || f.Policy == nil || *f.Policy.Default != (planning.Rates{NTSCancel: 0.5, TSReduceSHA: def.TSReduceSHA, TSReduceCHA: def.TSReduceCHA}) {
		t.Fatalf("%+v", f)
	}
	if r := f.Policy.Rates("Aghdam"); r != (planning.Rates{NTSCancel: 0.5, TSReduceSHA: def.TSReduceSHA, TSReduceCHA: 0.1}) {
		t.Errorf("Aghdam rates %+v", r)
	}
	if r := f.Policy.Rates("Tartar"); r != *f.Policy.Default {
		t.Errorf("Tartar rates %+v", r)
	}
	if f.Calendar.Start.Location() != time.UTC || f.Calendar.Weekdays != nil {
		t.Errorf("calendar %+v", f.Calendar)
	}
}

func TestReadErrors(t *testing.T) {
	const cal = `"calendar":{"start":"2027-03-01"}`
	for _, c := range []struct {
		name, in string
		team     int
		field    string
		want     error
	}{
		{"empty", ``, -1, "", planning.ErrMissing},
		{"not an object", `[]`, -1, "", planning.ErrInvalid},
		{"syntax", "{\n\"teams\": [,]}", -1, "", planning.ErrInvalid},
		{"trailing", `{"teams":[{"method":"ts"}],` + cal + `} {}`, -1, "", planning.ErrInvalid},
		{"truncated", `{"teams":[`, -1, "", planning.ErrInvalid},
		{"no teams", `{` + cal + `}`, -1, "teams", planning.ErrMissing},
		{"empty teams", `{"teams":[],` + cal + `}`, -1, "teams", planning.ErrMissing},
		{"no calendar", `{"teams":[{"method":"ts"}]}`, -1, "calendar", planning.ErrMissing},
		{"unknown top", `{"teams":[{"method":"ts"}],` + cal + `,"team":1}`, -1, "team", ErrUnknownField},
		{"unknown team field", `{"teams":[{"method":"ts","Name":"x"}],` + cal + `}`, 0, "teams[0].Name", ErrUnknownField},
		{"no method", `{"teams":[{"method":"ts"},{"name":"B"}],` + cal + `}`, 1, "teams[1].method", planning.ErrMissing},
		{"bad method", `{"teams":[{"method":"tank"}],` + cal + `}`, 0, "teams[0].method", planning.ErrInvalid},
		{"method number", `{"teams":[{"method":3}],` + cal + `}`, 0, "teams[0].method", planning.ErrInvalid},
		{"count 0", `{"teams":[{"method":"ts","count":0}],` + cal + `}`, 0, "teams[0].count", planning.ErrInvalid},
		{"count 1.5", `{"teams":[{"method":"ts","count":1.5}],` + cal + `}`, 0, "teams[0].count", planning.ErrInvalid},
		{"count text", `{"teams":[{"method":"ts","count":"2"}],` + cal + `}`, 0, "teams[0].count", planning.ErrInvalid},
		{"count 1e9", `{"teams":[{"method":"ts","count":1e9}],` + cal + `}`, 0, "teams[0].count", planning.ErrLimit},
		{"0.001 m² a day", `{"teams":[{"method":"ts"},{"method":"manual","m2_per_day":0.001}],` + cal + `}`, 1, "teams[1].m2_per_day", planning.ErrLimit},
		{"deminers on a dog", `{"teams":[{"method":"mdd","deminers":4}],` + cal + `}`, 0, "teams[0].deminers", planning.ErrInvalid},
		{"negative rate", `{"teams":[{"method":"ts","m2_per_day":-1}],` + cal + `}`, 0, "teams[0].m2_per_day", planning.ErrInvalid},
		{"duplicate name", `{"teams":[{"name":"A","method":"ts"},{"name":"A","method":"nts"}],` + cal + `}`, 1, "teams[1].name", planning.ErrInvalid},
		{"base lat", `{"teams":[{"method":"ts","base":{"lat":91,"lon":46}}],` + cal + `}`, 0, "teams[0].base.lat", planning.ErrInvalid},
		{"base lon missing", `{"teams":[{"method":"ts","base":{"lat":40}}],` + cal + `}`, 0, "teams[0].base.lon", planning.ErrMissing},
		{"base null island", `{"teams":[{"method":"ts","base":{"lat":0,"lon":0}}],` + cal + `}`, 0, "teams[0].base", planning.ErrInvalid},
		{"base list", `{"teams":[{"method":"ts","base":[46,40]}],` + cal + `}`, 0, "teams[0].base", planning.ErrInvalid},
		{"no start", `{"teams":[{"method":"ts"}],"calendar":{}}`, -1, "calendar.start", planning.ErrMissing},
		{"bad start", `{"teams":[{"method":"ts"}],"calendar":{"start":"1/3/2027"}}`, -1, "calendar.start", planning.ErrInvalid},
		{"bad offset", `{"teams":[{"method":"ts"}],"calendar":{"start":"2027-03-01","utc_offset":"4"}}`, -1, "calendar.utc_offset", planning.ErrInvalid},
		{"bad weekday", `{"teams":[{"method":"ts"}],"calendar":{"start":"2027-03-01","weekdays":["mon","funday"]}}`, -1, "calendar.weekdays[1]", planning.ErrInvalid},
		{"twice weekday", `{"teams":[{"method":"ts"}],"calendar":{"start":"2027-03-01","weekdays":["mon","Monday"]}}`, -1, "calendar.weekdays[1]", planning.ErrInvalid},
		{"no weekday", `{"teams":[{"method":"ts"}],"calendar":{"start":"2027-03-01","weekdays":[]}}`, -1, "calendar.weekdays", planning.ErrNoWorkDays},
		{"every month off", `{"teams":[{"method":"ts"}],"calendar":{"start":"2027-03-01","off_months":["jan","feb","mar","apr","may","jun","jul","aug","sep","oct","nov","dec"]}}`, -1, "calendar.off_months", planning.ErrNoWorkDays},
		{"bad holiday", `{"teams":[{"method":"ts"}],"calendar":{"start":"2027-03-01","holidays":["2027-02-30"]}}`, -1, "calendar.holidays[0]", planning.ErrInvalid},
		{"bad yearly holiday", `{"teams":[{"method":"ts"}],"calendar":{"start":"2027-03-01","yearly_holidays":["01-01","02-30"]}}`, -1, "calendar.yearly_holidays[1]", planning.ErrInvalid},
		{"yearly holiday month", `{"teams":[{"method":"ts"}],"calendar":{"start":"2027-03-01","yearly_holidays":["13-01"]}}`, -1, "calendar.yearly_holidays[0]", planning.ErrInvalid},
		{"yearly holiday with a year", `{"teams":[{"method":"ts"}],"calendar":{"start":"2027-03-01","yearly_holidays":["2027-03-08"]}}`, -1, "calendar.yearly_holidays[0]", planning.ErrInvalid},
		{"yearly holiday short", `{"teams":[{"method":"ts"}],"calendar":{"start":"2027-03-01","yearly_holidays":["3-8"]}}`, -1, "calendar.yearly_holidays[0]", planning.ErrInvalid},
		{"yearly holiday number", `{"teams":[{"method":"ts"}],"calendar":{"start":"2027-03-01","yearly_holidays":[308]}}`, -1, "calendar.yearly_holidays[0]", planning.ErrInvalid},
		{"yearly holiday twice", `{"teams":[{"method":"ts"}],"calendar":{"start":"2027-03-01","yearly_holidays":["03-08","05-09"," 03-08"]}}`, -1, "calendar.yearly_holidays[2]", planning.ErrInvalid},
		{"yearly holidays not a list", `{"teams":[{"method":"ts"}],"calendar":{"start":"2027-03-01","yearly_holidays":"03-08"}}`, -1, "calendar.yearly_holidays", planning.ErrInvalid},
		{"every working day a yearly holiday", `{"teams":[{"method":"ts"}],"calendar":{"start":"2027-03-01","off_months":["jan","mar","apr","may","jun","jul","aug","sep","oct","nov","dec"],` +
			`"yearly_holidays":["02-01","02-02","02-03","02-04","02-05","02-06","02-07","02-08","02-09","02-10","02-11","02-12","02-13","02-14","02-15",` +
			`"02-16","02-17","02-18","02-19","02-20","02-21","02-22","02-23","02-24","02-25","02-26","02-27","02-28","02-29"]}}`, -1, "calendar.yearly_holidays", planning.ErrNoWorkDays},
		{"share", `{"teams":[{"method":"ts"}],` + cal + `,"policy":{"default":{"nts_cancel":1.2}}}`, -1, "policy.default.nts_cancel", planning.ErrInvalid},
		{"district share", `{"teams":[{"method":"ts"}],` + cal + `,"policy":{"districts":{"Aghdam":{"ts":0.2}}}}`, -1, `policy.districts."Aghdam".ts`, ErrUnknownField},
		{"travel", `{"teams":[{"method":"ts"}],` + cal + `,"travel_km_per_day":0}`, -1, "travel_km_per_day", planning.ErrInvalid},
		{"commute 0", `{"teams":[{"method":"ts"}],` + cal + `,"logistics":{"commute_limit_km":0}}`, -1, "logistics.commute_limit_km", planning.ErrInvalid},
		{"relocation days", `{"teams":[{"method":"ts"}],` + cal + `,"logistics":{"commute_limit_km":40,"relocation_days":-1}}`, -1, "logistics.relocation_days", planning.ErrInvalid},
		{"logistics field", `{"teams":[{"method":"ts"}],` + cal + `,"logistics":{"commute_km":40}}`, -1, "logistics.commute_km", ErrUnknownField},
		{"camp name", `{"teams":[{"method":"ts"}],` + cal + `,"logistics":{"commute_limit_km":40,"camps":[{"lat":40,"lon":47}]}}`, -1, "logistics.camps[0].name", planning.ErrMissing},
		{"camp twice", `{"teams":[{"method":"ts"}],` + cal + `,"logistics":{"commute_limit_km":40,"camps":[{"name":"A","lat":40,"lon":47},{"name":"A","lat":41,"lon":47}]}}`, -1, "logistics.camps[1].name", planning.ErrInvalid},
		{"camp lat", `{"teams":[{"method":"ts"}],` + cal + `,"logistics":{"commute_limit_km":40,"camps":[{"name":"A","lat":140,"lon":47}]}}`, -1, "logistics.camps[0].lat", planning.ErrInvalid},
		{"camp lon missing", `{"teams":[{"method":"ts"}],` + cal + `,"logistics":{"commute_limit_km":40,"camps":[{"name":"A","lat":40}]}}`, -1, "logistics.camps[0].lon", planning.ErrMissing},
		{"camp null island", `{"teams":[{"method":"ts"}],` + cal + `,"logistics":{"commute_limit_km":40,"camps":[{"name":"A","lat":0,"lon":0}]}}`, -1, "logistics.camps[0]", planning.ErrInvalid},
		{"camps without a limit", `{"teams":[{"method":"ts"}],` + cal + `,"logistics":{"camps":[{"name":"A","lat":40,"lon":47}]}}`, -1, "logistics.commute_limit_km", planning.ErrMissing},
		{"team commute", `{"teams":[{"method":"ts","base":{"lat":40,"lon":47},"commute_limit_km":-5}],` + cal + `}`, 0, "teams[0].commute_limit_km", planning.ErrInvalid},
		{"team commute without base", `{"teams":[{"method":"ts","commute_limit_km":30}],` + cal + `}`, 0, "teams[0].commute_limit_km", planning.ErrInvalid},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := Read(strings.NewReader(c.in), "x.json")
			if f != nil || err == nil {
				t.Fatalf("no error: %+v", f)
			}
			var fe *geo.FeatureError
			if !errors.As(err, &fe) || !errors.Is(err, c.want) {
				t.Fatalf("error %v: want a geo.FeatureError wrapping %v", err, c.want)
			}
			if fe.File != "x.json" || fe.Noun != "team" || fe.Index != c.team || fe.Field != c.field {
				t.Errorf("error %v: file %q noun %q index %d field %q; want team %d field %q", err, fe.File, fe.Noun, fe.Index, fe.Field, c.team, c.field)
			}
			if !strings.HasPrefix(err.Error(), "x.json: ") {
				t.Errorf("error %q does not name the file first", err)
			}
		})
	}
}

// Every problem is reported, each naming its team and field.
func TestReadAllErrors(t *testing.T) {
	in := `{
  "teams": [
    {"name": "Manual-A", "method": "manual", "count": -2, "m2_per_day": "fast"},
    {"name": "Dogs", "method": "dog"},
    {"name": "Machine", "method": "tank", "colour": "red"}
  ],
  "calendar": {"start": "2027-13-01", "weekdays": ["mon", "xyz"]}
}`
	_, err := Read(strings.NewReader(in), "teams.json")
	var file *geo.FileError
	if !errors.As(err, &file) {
		t.Fatalf("error %v is not a geo.FileError", err)
	}
	want := []string{
		`teams.json: team 0 ("Manual-A"): teams[0].count: planning: invalid value: -2: want a whole number ≥ 1`,
		`teams.json: team 0 ("Manual-A"): teams[0].m2_per_day: planning: invalid value: want a number, got "fast"`,
		`teams.json: team 2 ("Machine"): teams[2].colour: planfile: unknown field (known: name, method, count, deminers, m2_per_day, base, commute_limit_km, closures, comment)`,
		`teams.json: team 2 ("Machine"): teams[2].method: planning: invalid value: "tank": want manual, mdd, mechanical, nts or ts`,
		`teams.json: calendar.start: planning: invalid value: "2027-13-01": want a date YYYY-MM-DD`,
		`teams.json: calendar.weekdays[1]: planning: invalid value: "xyz": want a weekday, like mon`,
	}
	if len(file.Errs) != len(want) {
		t.Fatalf("%d problems, want %d:\n%v", len(file.Errs), len(want), err)
	}
	for i, w := range want {
		if got := file.Errs[i].Error(); got != w {
			t.Errorf("problem %d:\n got %s\nwant %s", i, got, w)
		}
	}
	if !strings.HasPrefix(err.Error(), "teams.json: 6 problems\n\t") {
		t.Errorf("error text %q", err)
	}
	var team *geo.FeatureError
	if !errors.As(err, &team) || team.Index != 0 || team.ID != "Manual-A" {
		t.Errorf("errors.As found %+v", team)
	}
}

func TestReadSyntaxLine(t *testing.T) {
	_, err := Read(strings.NewReader("{\n  \"teams\": [\n    {\"method\": \"ts\",}\n  ]\n}"), "s.json")
	var fe *geo.FeatureError
	if !errors.As(err, &fe) || fe.Line != 3 || !strings.HasPrefix(fe.Error(), "s.json: line 3: ") {
		t.Errorf("error %v (line %d), want line 3", err, fe.Line)
	}
}

func TestReadTruncated(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"teams":[`)
	for i := range 150 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"method":"x"}`)
	}
	b.WriteString(`],"calendar":{"start":"2027-03-01"}}`)
	_, err := Read(strings.NewReader(b.String()), "big.json")
	var file *geo.FileError
	if !errors.As(err, &file) || len(file.Errs) != feature.DefaultMaxErrors || !file.Truncated {
		t.Errorf("error %v", err)
	}
}

// FuzzRead: Read never panics; it returns a plan file or a geo.FileError
// naming the file, and every plan file returned is valid.
func FuzzRead(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "aghdam", "teams.json")); err == nil {
		f.Add(b)
	}
	for _, s := range []string{
		``, `{}`, `null`, `[]`, `{"teams":null,"calendar":null}`,
		`{"teams":[{"method":"ts","count":3,"base":{"lat":40,"lon":47}}],"calendar":{"start":"2027-03-01","utc_offset":"-03:30","weekdays":["sun"],"off_months":["dec"],"holidays":["2027-03-02"]}}`,
		`{"teams":[{"method":"ts"}],"calendar":{"start":"2027-03-01","off_months":["feb"],"yearly_holidays":["02-29","12-31"," 01-01"]}}`,
		`{"teams":[{"method":"manual","deminers":1e30}],"calendar":{"start":"2027-03-01"},"policy":{"default":{},"districts":{"":{"nts_cancel":0}}}}`,
		`{"teams":[{"name":"\u0000","method":"MDD","m2_per_day":1e308}],"calendar":{"start":"0001-01-01"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		pf, err := Read(bytes.NewReader(data), "f")
		if err != nil {
			var fe *geo.FileError
			if pf != nil || !errors.As(err, &fe) || fe.File != "f" || len(fe.Errs) == 0 {
				t.Fatalf("error %v with file %v", err, pf)
			}
			return
		}
		if len(pf.Teams) == 0 {
			t.Fatal("a plan file without teams")
		}
		for _, tm := range pf.Teams {
			// What planning.Schedule checks of a team, and more.
			if tm.Method < planning.MethodManual || tm.Method > planning.MethodTS || tm.Deminers < 0 ||
				!(tm.M2PerDay >= 0) || math.IsInf(tm.M2PerDay, 0) || tm.Base != nil ||
				tm.Count < 1 || tm.Rate() <= 0 || math.IsInf(tm.Rate(), 0) && tm.M2PerDay == 0 ||
				math.Abs(tm.BaseLonLat.Lat) > 90 || math.Abs(tm.BaseLonLat.Lon) > 180 {
				t.Fatalf("team %+v", tm)
			}
		}
		if err := pf.Calendar.Validate(); err != nil || pf.Calendar.Start.IsZero() {
			t.Fatalf("calendar %+v: %v", pf.Calendar, err)
		}
		if err := pf.Policy.Validate(); err != nil {
			t.Fatal(err)
		}
		if pf.TravelKmPerDay < 0 {
			t.Fatal(pf.TravelKmPerDay)
		}
	})
}

// TestReadBOM: a UTF-8 byte-order mark (Windows editors write one) and
// CRLF line ends are accepted.
func TestReadBOM(t *testing.T) {
	in := "\ufeff{\r\n\"teams\": [{\"method\": \"ts\", \"count\": 2}],\r\n\"calendar\": {\"start\": \"2027-03-01\"}\r\n}\r\n"
	pf, err := Read(strings.NewReader(in), "teams.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(pf.Teams) != 1 || pf.Teams[0].Count != 2 {
		t.Errorf("teams %+v", pf.Teams)
	}
}

func TestReadLogistics(t *testing.T) {
	in := `{"teams":[{"method":"manual","base":{"lat":40,"lon":47}},{"name":"B","method":"ts","base":{"lat":40,"lon":47},"commute_limit_km":25}],
  "calendar":{"start":"2027-03-01"},
  "logistics":{"commute_limit_km":40,"relocation_days":2,"camps":[{"name":"North","lat":40.2,"lon":46.9,"comment":"x"},{"name":"South","lat":39.8,"lon":47.0}]}}`
	f, err := Read(strings.NewReader(in), "l.json")
	if err != nil {
		t.Fatal(err)
	}
	l := f.Logistics
	if l == nil || l.CommuteKm != 40 || l.RelocationDays != 2 || len(l.Camps) != 2 {
		t.Fatalf("logistics %+v", l)
	}
	if c := l.Camps[1]; c.Name != "South" || c.Kind != planning.CampForward || c.LonLat != (geo.LonLat{Lon: 47, Lat: 39.8}) || c.XY != nil {
		t.Errorf("camp %+v", c)
	}
	if f.Teams[0].CommuteKm != 0 || f.Teams[1].CommuteKm != 25 {
		t.Errorf("team limits %v, %v", f.Teams[0].CommuteKm, f.Teams[1].CommuteKm)
	}
	if f.Config().Logistics != l {
		t.Error("Config leaves the logistics out")
	}
	utm := geo.NewUTM(geo.Zone{Number: 38})
	p := planning.ProjectCamps(l, utm)
	if want := utm.Forward(l.Camps[0].LonLat); p.Camps[0].XY == nil || *p.Camps[0].XY != want || l.Camps[0].XY != nil {
		t.Errorf("ProjectCamps: %v (input %v), want %v", p.Camps[0].XY, l.Camps[0].XY, want)
	}
	if err := p.Validate(); err != nil {
		t.Error(err)
	}
	if err := l.Validate(); !errors.Is(err, planning.ErrMissing) || !strings.Contains(err.Error(), "Logistics.Camps[0].XY") {
		t.Errorf("unprojected camps: %v", err)
	}

	// A team's own limit alone turns logistics on.
	f, err = Read(strings.NewReader(`{"teams":[{"method":"ts","base":{"lat":40,"lon":47},"commute_limit_km":25}],"calendar":{"start":"2027-03-01"}}`), "t.json")
	if err != nil || f.Logistics == nil || f.Logistics.CommuteKm != 0 {
		t.Errorf("team limit alone: %v, %+v", err, f)
	}
	// Without any, there is none.
	f, err = Read(strings.NewReader(`{"teams":[{"method":"ts"}],"calendar":{"start":"2027-03-01"}}`), "n.json")
	if err != nil || f.Logistics != nil {
		t.Errorf("no logistics: %v, %+v", err, f)
	}
}
