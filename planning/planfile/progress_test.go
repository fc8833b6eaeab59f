package planfile

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/planning"
)

func TestReadProgress(t *testing.T) {
	const src = "Unit ID,Step,Date,Outcome,note\nSHA-001/3,NTS,2027-04-02,reduced,x\nCHA-002,clearance,2027-05-09,,\nCHA-003,ts,2027-05-10,Confirmed,\n"
	d, err := ReadProgress(strings.NewReader(src), "done.csv", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []planning.Done{
		{UnitID: "SHA-001/3", Step: planning.NTS, Date: time.Date(2027, 4, 2, 0, 0, 0, 0, time.UTC), Result: planning.Reduced},
		{UnitID: "CHA-002", Step: planning.Clearance, Date: time.Date(2027, 5, 9, 0, 0, 0, 0, time.UTC)},
		{UnitID: "CHA-003", Step: planning.TS, Date: time.Date(2027, 5, 10, 0, 0, 0, 0, time.UTC), Result: planning.Confirmed},
	}
	if len(d) != len(want) {
		t.Fatalf("got %+v", d)
	}
	for i := range want {
		if d[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i, d[i], want[i])
		}
	}
	const bad = "unit,step,date,outcome\nA,dig,2027-04-02,\nB,ts,02/04/2027,\nC,clearance,2027-04-02,reduced\n"
	_, err = ReadProgress(strings.NewReader(bad), "done.csv", nil)
	for _, s := range []string{
		`done.csv: line 2: row 0 ("A"): step: planning: invalid value: "dig"`,
		`done.csv: line 3: row 1 ("B"): date: planning: invalid value: "02/04/2027"`,
		`done.csv: line 3: row 1 ("B"): outcome: planning: required value missing`,
		`done.csv: line 4: row 2 ("C"): outcome: planning: invalid value: clearance has no survey outcome`,
	} {
		if err == nil || !strings.Contains(err.Error(), s) {
			t.Errorf("got %v\nwant %s", err, s)
		}
	}
	if _, err := ReadProgress(strings.NewReader("unit,date\n"), "d.csv", nil); !errors.Is(err, planning.ErrMissing) {
		t.Errorf("no step column: %v", err)
	}
}

// TestReadProgressTeamAndDone: the optional team and done_ha (or
// area_done_m2) columns; a survey under way needs no outcome; a bad area
// names the row and the column.
func TestReadProgressTeamAndDone(t *testing.T) {
	const src = "unit,step,date,outcome,Team,Done ha\nA,clearance,2027-04-02,,Manual-2,0.25\nB,nts,2027-04-03,,NTS 1,3\nC,ts,2027-04-04,reduced,,\n"
	d, err := ReadProgress(strings.NewReader(src), "done.csv", nil)
	if err != nil {
		t.Fatal(err)
	}
	day := func(n int) time.Time { return time.Date(2027, 4, n, 0, 0, 0, 0, time.UTC) }
	want := []planning.Done{
		{UnitID: "A", Step: planning.Clearance, Date: day(2), Team: "Manual-2", AreaDoneM2: 2500},
		{UnitID: "B", Step: planning.NTS, Date: day(3), Team: "NTS 1", AreaDoneM2: 30000},
		{UnitID: "C", Step: planning.TS, Date: day(4), Result: planning.Reduced},
	}
	if len(d) != len(want) {
		t.Fatalf("got %+v", d)
	}
	for i := range want {
		if d[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i, d[i], want[i])
		}
	}
	d, err = ReadProgress(strings.NewReader("unit,step,date,area_done_m2\nA,clearance,2027-04-02,120\n"), "done.csv", nil)
	if err != nil || len(d) != 1 || d[0].AreaDoneM2 != 120 {
		t.Errorf("area_done_m2: %+v, %v", d, err)
	}
	_, err = ReadProgress(strings.NewReader("unit,step,date,done_ha\nA,clearance,2027-04-02,-1\nB,clearance,2027-04-02,NaN\n"), "done.csv", nil)
	for _, s := range []string{
		`done.csv: line 2: row 0 ("A"): done_ha: planning: invalid value: "-1"`,
		`done.csv: line 3: row 1 ("B"): done_ha: planning: invalid value: "NaN"`,
	} {
		if err == nil || !strings.Contains(err.Error(), s) {
			t.Errorf("got %v\nwant %s", err, s)
		}
	}
}

// FuzzReadProgress: any input either reads into records whose step,
// date, outcome and area done are ones ApplyProgress can judge, or fails
// with a *geo.FileError naming the file and at least one row; it never
// panics.
func FuzzReadProgress(f *testing.F) {
	for _, s := range []string{
		"", "\n", "unit\n", "unit,step,date,outcome\n",
		"Unit ID,Step,Date,Outcome,note\nSHA-001/3,NTS,2027-04-02,reduced,x\nCHA-002,clearance,2027-05-09,,\n",
		"unit,step,date,outcome,team,done_ha\nA,clearance,2027-05-09,,Manual-1,0.5\nB,ts,2027-05-10,confirmed,TS,\n",
		"unit,step,date,area_done_m2\nA,clearance,2027-05-09,NaN\nA,clearance,2027-13-09,-1\n",
		"unit,step,date\n\"A,\"\"x\",clearance,2027-05-09\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		done, err := ReadProgress(bytes.NewReader(data), "f.csv", nil)
		if err != nil {
			var fe *geo.FileError
			if done != nil || !errors.As(err, &fe) || fe.File != "f.csv" || len(fe.Errs) == 0 {
				t.Fatalf("error %v with records %v", err, done)
			}
			return
		}
		for i, d := range done {
			if d.UnitID == "" || d.Step < planning.NTS || d.Step > planning.Clearance || d.Date.IsZero() ||
				d.Result > planning.Confirmed || d.Step == planning.Clearance && d.Result != 0 ||
				!(d.AreaDoneM2 >= 0) || math.IsInf(d.AreaDoneM2, 0) {
				t.Fatalf("record %d: %+v", i, d)
			}
		}
	})
}
