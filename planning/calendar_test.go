package planning

import (
	"errors"
	"math"
	"testing"
	"time"
)

func day(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }

func TestAddWorkDays(t *testing.T) {
	// 2025-07-04 is a Friday.
	c := &Calendar{Holidays: []time.Time{day(2025, 7, 8, 0)}, OffMonths: []time.Month{time.August}}
	cases := []struct {
		name string
		from time.Time
		days float64
		want time.Time
	}{
		{"zero", day(2025, 7, 5, 10), 0, day(2025, 7, 5, 10)},
		{"half a day", day(2025, 7, 3, 0), 0.5, day(2025, 7, 3, 12)},
		{"ends at midnight after Friday", day(2025, 7, 4, 0), 1, day(2025, 7, 5, 0)},
		{"skips the weekend", day(2025, 7, 4, 12), 1, day(2025, 7, 7, 12)},
		{"from Saturday", day(2025, 7, 5, 9), 0.25, day(2025, 7, 7, 6)},
		{"skips a holiday", day(2025, 7, 7, 0), 1.5, day(2025, 7, 9, 12)},
		{"skips an off month", day(2025, 7, 31, 0), 1.5, day(2025, 9, 1, 12)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := c.AddWorkDays(tc.from, tc.days)
			if !got.Equal(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			if w := c.WorkDays(tc.from, got); math.Abs(w-tc.days) > 1e-9 {
				t.Fatalf("WorkDays back: %v, want %v", w, tc.days)
			}
		})
	}
	six := &Calendar{Weekdays: []time.Weekday{1, 2, 3, 4, 5, 6}}
	if got := six.AddWorkDays(day(2025, 7, 4, 12), 1); !got.Equal(day(2025, 7, 5, 12)) {
		t.Fatalf("six-day week: %v", got)
	}
	if got := c.WorkDays(day(2025, 7, 14, 0), day(2025, 7, 7, 0)); got != -4 {
		t.Fatalf("backwards: %v", got)
	}
}

func TestCalendarValidate(t *testing.T) {
	if err := (&Calendar{OffMonths: []time.Month{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}}).Validate(); !errors.Is(err, ErrNoWorkDays) {
		t.Fatalf("all months off: %v", err)
	}
	if err := (&Calendar{Weekdays: []time.Weekday{7}}).Validate(); !errors.Is(err, ErrInvalid) {
		t.Fatalf("weekday 7: %v", err)
	}
	if err := (&Calendar{}).Validate(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("negative days did not panic")
		}
	}()
	(&Calendar{}).AddWorkDays(time.Time{}, -1)
}

// TestWorkTable checks the plan's offset↔date table against AddWorkDays.
func TestWorkTable(t *testing.T) {
	c := &Calendar{Start: day(2025, 12, 20, 15), OffMonths: []time.Month{time.January},
		Holidays: []time.Time{day(2025, 12, 31, 0), day(2026, 3, 20, 0)}}
	w := newWorkTable(c)
	start := w.startDate(0)
	if !start.Equal(day(2025, 12, 22, 0)) { // Saturday 20th: work begins Monday
		t.Fatalf("start %v", start)
	}
	for _, off := range []float64{0, 0.25, 1, 3, 7.5, 8, 30, 100.75} {
		want := c.AddWorkDays(start, off)
		if got := w.endDate(off); !got.Equal(want) {
			t.Fatalf("endDate(%v) = %v, want %v", off, got, want)
		}
		if got := w.offsetAtMidnight(civil(w.startDate(math.Floor(off)).Date())); got != math.Floor(off) {
			t.Fatalf("offsetAtMidnight(day of %v) = %v", off, got)
		}
	}
	// Off by one at a day boundary: a job ending at 5 ends Friday night; one
	// starting at 5 starts Monday.
	if e, s := w.endDate(5), w.startDate(5); !e.Equal(day(2025, 12, 27, 0)) || !s.Equal(day(2025, 12, 29, 0)) {
		t.Fatalf("boundary: end %v start %v", e, s)
	}
	for _, y := range []int{1, 1969, 1970, 2000, 2024, 2100} {
		sec := time.Date(y, 3, 1, 0, 0, 0, 0, time.UTC).Unix()
		if got, want := civil(y, 3, 1), int64(math.Floor(float64(sec)/86400)); got != want {
			t.Fatalf("civil(%d) = %d, want %d", y, got, want)
		}
	}
}

// TestYearlyHolidays: a yearly holiday is off every year, February 29 only
// in leap years, in IsWorkDay, AddWorkDays, WorkDays and the plan's table.
func TestYearlyHolidays(t *testing.T) {
	c := &Calendar{Start: day(2027, 2, 1, 0), YearlyHolidays: []MonthDay{{time.March, 8}, {time.February, 29}, {time.December, 31}}}
	for _, tc := range []struct {
		d    time.Time
		work bool
	}{
		{day(2027, 3, 8, 0), false}, // Monday
		{day(2028, 3, 8, 0), false}, // Wednesday
		{day(2035, 3, 8, 0), false}, // Thursday
		{day(2027, 3, 9, 0), true},
		{day(2028, 2, 29, 0), false}, // Tuesday of a leap year
		{day(2027, 3, 1, 0), true},   // 2027 has no 29 February: not 1 March instead
		{day(2027, 12, 31, 0), false},
		{day(2032, 12, 31, 0), false},
	} {
		if got := c.IsWorkDay(tc.d); got != tc.work {
			t.Errorf("IsWorkDay(%s) = %v, want %v", tc.d.Format("Mon 2006-01-02"), got, tc.work)
		}
	}
	// 2028-03-07 (Tuesday) + 1.5 working days skips Wednesday 8 March.
	if got := c.AddWorkDays(day(2028, 3, 7, 0), 1.5); !got.Equal(day(2028, 3, 9, 12)) {
		t.Errorf("AddWorkDays over 8 March 2028: %v", got)
	}
	// March 2030: 21 weekdays, one of them (Friday 8th) a holiday.
	if got := c.WorkDays(day(2030, 3, 1, 0), day(2030, 4, 1, 0)); got != 20 {
		t.Errorf("working days in March 2030: %v, want 20", got)
	}
	// The plan's table agrees with AddWorkDays over ten years.
	w := newWorkTable(c)
	start := w.startDate(0)
	for off := 0.0; off < 2700; off += 37.25 {
		if got, want := w.endDate(off), c.AddWorkDays(start, off); !got.Equal(want) {
			t.Fatalf("endDate(%v) = %v, AddWorkDays %v", off, got, want)
		}
	}
	for _, bad := range []MonthDay{{time.February, 30}, {time.April, 31}, {0, 1}, {13, 1}, {time.May, 0}} {
		if err := (&Calendar{YearlyHolidays: []MonthDay{bad}}).Validate(); !errors.Is(err, ErrInvalid) {
			t.Errorf("yearly holiday %v: %v, want ErrInvalid", bad, err)
		}
	}
	// Every day of the only working month a yearly holiday: no working day.
	feb := &Calendar{OffMonths: []time.Month{1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}}
	for d := 1; d <= 29; d++ {
		feb.YearlyHolidays = append(feb.YearlyHolidays, MonthDay{time.February, d})
	}
	if err := feb.Validate(); !errors.Is(err, ErrNoWorkDays) {
		t.Errorf("every day a holiday: %v, want ErrNoWorkDays", err)
	}
	feb.YearlyHolidays = feb.YearlyHolidays[:28] // 29 February works, in leap years
	if err := feb.Validate(); err != nil {
		t.Errorf("29 February works: %v", err)
	}
	if s := (MonthDay{time.March, 8}).String(); s != "03-08" {
		t.Errorf("String %q", s)
	}
}
