package planning

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// Calendar says when teams work. A working day is a whole civil day; a
// fraction of a working day is the same fraction of its 24 hours (23 or 25
// on a daylight-saving change), so "2.5 working days from Monday 00:00" is
// Wednesday 12:00. The zero value works: Monday to Friday, all year, no
// holidays, from 1 January of year 1.
type Calendar struct {
	// Start is the first day of the plan; its time of day is ignored and
	// its location is the one every date of the plan is given in. Work
	// begins on the first working day on or after it. The zero time is
	// allowed but makes dates count from 1 January of year 1: set it to
	// get real dates (working-day offsets are the same either way).
	Start time.Time
	// Weekdays are the working days of the week; empty means Monday to
	// Friday (Azerbaijan's five-day week). Operators that work six days
	// set Monday to Saturday.
	Weekdays []time.Weekday
	// OffMonths are months without field work (winter, say); empty means
	// none.
	OffMonths []time.Month
	// Holidays are dates without work; their year, month and day (in their
	// own location) are used.
	Holidays []time.Time
	// YearlyHolidays are days without work every year (fixed-date public
	// holidays such as 1 January); empty means none. February 29 is a
	// holiday only in leap years. Holidays that move from year to year
	// (lunar ones) go in Holidays, year by year.
	YearlyHolidays []MonthDay
}

// MonthDay is a day of every year: a month and a day of that month.
type MonthDay struct {
	Month time.Month
	// Day is 1 to the month's length in a leap year (29 for February).
	Day int
}

// String returns the day as MM-DD, as in a plan file: "03-08".
func (md MonthDay) String() string { return fmt.Sprintf("%02d-%02d", int(md.Month), md.Day) }

// valid reports whether md is a day of some year (February 29 included).
func (md MonthDay) valid() bool {
	return md.Month >= time.January && md.Month <= time.December && md.Day >= 1 && md.Day <= leapMonthDays[md.Month]
}

// leapMonthDays are the days of each month in a leap year.
var leapMonthDays = [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// Validate reports a calendar without a working day (every month off, or
// every day of the months that are not off a yearly holiday) or with an
// impossible weekday, month or yearly holiday (February 30, say), wrapping
// [ErrNoWorkDays] or [ErrInvalid]. Cost: O(len(Weekdays) + len(OffMonths)
// + len(YearlyHolidays)).
func (c *Calendar) Validate() error {
	for _, w := range c.Weekdays {
		if w < time.Sunday || w > time.Saturday {
			return fmt.Errorf("planning: calendar: weekday %d: %w", w, ErrInvalid)
		}
	}
	var off [13]bool
	n := 0
	for _, m := range c.OffMonths {
		if m < time.January || m > time.December {
			return fmt.Errorf("planning: calendar: month %d: %w", m, ErrInvalid)
		}
		if !off[m] {
			off[m] = true
			n++
		}
	}
	if n == 12 {
		return fmt.Errorf("planning: calendar: every month is off: %w", ErrNoWorkDays)
	}
	var yearly [13][32]bool
	left := 0 // days of the months that are not off, in a leap year
	for m := time.January; m <= time.December; m++ {
		if !off[m] {
			left += leapMonthDays[m]
		}
	}
	for i, md := range c.YearlyHolidays {
		if !md.valid() {
			return fmt.Errorf("planning: calendar: yearly holiday %d: month %d, day %d: %w", i, md.Month, md.Day, ErrInvalid)
		}
		if !off[md.Month] && !yearly[md.Month][md.Day] {
			yearly[md.Month][md.Day] = true
			left--
		}
	}
	if left == 0 {
		return fmt.Errorf("planning: calendar: every day of the working months is a yearly holiday: %w", ErrNoWorkDays)
	}
	return nil
}

// IsWorkDay reports whether the civil day of t (in t's location) is a
// working day. Cost: O(len(Weekdays) + len(OffMonths) + len(Holidays) +
// len(YearlyHolidays)).
func (c *Calendar) IsWorkDay(t time.Time) bool {
	y, m, d := t.Date()
	if !c.weekday(t.Weekday()) || slices.Contains(c.OffMonths, m) ||
		slices.Contains(c.YearlyHolidays, MonthDay{Month: m, Day: d}) {
		return false
	}
	for _, h := range c.Holidays {
		hy, hm, hd := h.Date()
		if hy == y && hm == m && hd == d {
			return false
		}
	}
	return true
}

func (c *Calendar) weekday(w time.Weekday) bool {
	if len(c.Weekdays) == 0 {
		return w >= time.Monday && w <= time.Friday
	}
	return slices.Contains(c.Weekdays, w)
}

// AddWorkDays returns the earliest instant at which days working days have
// elapsed since t, counting only the working part of each day: t itself when
// days is 0, and the midnight that ends a working day when the count ends
// exactly there (so 1 working day from Friday 00:00 is Saturday 00:00).
// Times are rounded to the second. Cost: O(calendar days spanned × the cost
// of IsWorkDay). It panics if days is negative, NaN or infinite, or if the
// calendar does not validate.
func (c *Calendar) AddWorkDays(t time.Time, days float64) time.Time {
	if !(days >= 0) || math.IsInf(days, 1) {
		panic("planning: AddWorkDays: days must be finite and ≥ 0")
	}
	if err := c.Validate(); err != nil {
		panic("planning: AddWorkDays: " + err.Error())
	}
	if days == 0 {
		return t
	}
	loc := t.Location()
	y, m, d := t.Date()
	for k := 0; ; k++ {
		ds := time.Date(y, m, d+k, 0, 0, 0, 0, loc)
		if !c.IsWorkDay(ds) {
			continue
		}
		length := time.Date(y, m, d+k+1, 0, 0, 0, 0, loc).Sub(ds)
		from := 0.0
		if k == 0 {
			from = float64(t.Sub(ds)) / float64(length)
		}
		if avail := 1 - from; days <= avail {
			return ds.Add(roundSecond((from + days) * float64(length)))
		}
		days -= 1 - from
	}
}

// WorkDays returns the working days elapsed from one instant to another: the
// working part of [from, to), in days. It is negative when to is before
// from. Cost: O(calendar days spanned × the cost of IsWorkDay).
func (c *Calendar) WorkDays(from, to time.Time) float64 {
	if to.Before(from) {
		return -c.WorkDays(to, from)
	}
	loc := from.Location()
	y, m, d := from.Date()
	sum := 0.0
	for k := 0; ; k++ {
		ds := time.Date(y, m, d+k, 0, 0, 0, 0, loc)
		if !ds.Before(to) {
			return sum
		}
		de := time.Date(y, m, d+k+1, 0, 0, 0, 0, loc)
		if !c.IsWorkDay(ds) {
			continue
		}
		lo, hi := ds, de
		if from.After(lo) {
			lo = from
		}
		if to.Before(hi) {
			hi = to
		}
		if hi.After(lo) {
			sum += float64(hi.Sub(lo)) / float64(de.Sub(ds))
		}
	}
}

// LastWorkDayOf returns the civil day on which work that begins at start
// and is done at end last works, as midnight starting that day in end's
// location. end is as a plan gives it ([Job].End, [UnitPlan].Release,
// [Plan].LastRelease): the earliest instant at which the work is done,
// which is the midnight ending the last working day when the work fills
// that day (see [Calendar.AddWorkDays]). So the result is the day before
// end if end is the first instant of its day and after start, and end's
// own day otherwise (work ending within a day, or no work: end not after
// start). The zero end gives the zero time. Cost: O(1).
func LastWorkDayOf(start, end time.Time) time.Time {
	if end.IsZero() {
		return time.Time{}
	}
	loc := end.Location()
	y, m, d := end.Date()
	midnight := time.Date(y, m, d, 0, 0, 0, 0, loc)
	if end.Equal(midnight) && end.After(start) {
		y, m, d = end.Add(-time.Nanosecond).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, loc)
	}
	return midnight
}

func roundSecond(ns float64) time.Duration {
	return time.Duration(math.Round(ns/float64(time.Second))) * time.Second
}

// civil returns the number of days from 1970-01-01 to a proleptic Gregorian
// date (Howard Hinnant's days_from_civil).
func civil(y int, m time.Month, d int) int64 {
	yy := int64(y)
	if m <= 2 {
		yy--
	}
	era := yy / 400
	if yy < 0 && yy%400 != 0 {
		era--
	}
	yoe := yy - era*400
	mp := (int64(m) + 9) % 12
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// workTable maps working-day offsets of a plan to dates and back. It lists
// the working days from the plan's start, extended on demand; every look-up
// after the extension is O(1) (dates) or O(log days) (offsets).
type workTable struct {
	loc      *time.Location
	origin   int64 // civil day number of Calendar.Start
	y, d     int   // date of origin
	m        time.Month
	weekdays [7]bool
	offMonth [13]bool
	yearly   [13][32]bool // by month and day
	holidays []int64      // sorted civil day numbers
	days     []int64      // civil day numbers of working days, in order
	next     int64        // next civil day to examine
}

func newWorkTable(c *Calendar) *workTable {
	w := &workTable{loc: c.Start.Location()}
	w.y, w.m, w.d = c.Start.Date()
	w.origin = civil(w.y, w.m, w.d)
	w.next = w.origin
	for d := time.Sunday; d <= time.Saturday; d++ {
		w.weekdays[d] = c.weekday(d)
	}
	for _, m := range c.OffMonths {
		w.offMonth[m] = true
	}
	for _, md := range c.YearlyHolidays {
		w.yearly[md.Month][md.Day] = true
	}
	for _, h := range c.Holidays {
		y, m, d := h.Date()
		w.holidays = append(w.holidays, civil(y, m, d))
	}
	slices.Sort(w.holidays)
	return w
}

// date returns midnight starting civil day n.
func (w *workTable) date(n int64) time.Time {
	return time.Date(w.y, w.m, w.d+int(n-w.origin), 0, 0, 0, 0, w.loc)
}

func (w *workTable) isWork(n int64) bool {
	wd := ((n % 7) + 7 + 4) % 7 // 1970-01-01 was a Thursday
	if !w.weekdays[wd] {
		return false
	}
	_, m, d := w.date(n).Date()
	if w.offMonth[m] || w.yearly[m][d] {
		return false
	}
	_, found := slices.BinarySearch(w.holidays, n)
	return !found
}

// day returns the civil day number of working day k (0-based).
func (w *workTable) day(k int) int64 {
	for len(w.days) <= k {
		if w.isWork(w.next) {
			w.days = append(w.days, w.next)
		}
		w.next++
	}
	return w.days[k]
}

// at returns the instant frac of the way through civil day n.
func (w *workTable) at(n int64, frac float64) time.Time {
	ds := w.date(n)
	if frac == 0 {
		return ds
	}
	return ds.Add(roundSecond(frac * float64(w.date(n+1).Sub(ds))))
}

// startDate returns the instant at which work at offset off (working days
// from the plan's start) begins: on a day boundary, the start of the next
// working day.
func (w *workTable) startDate(off float64) time.Time {
	k := int(math.Floor(off))
	return w.at(w.day(k), off-float64(k))
}

// endDate returns the earliest instant at which off working days have
// elapsed: on a day boundary, the midnight ending the last working day.
func (w *workTable) endDate(off float64) time.Time {
	k := int(math.Floor(off))
	if f := off - float64(k); f > 0 || k == 0 {
		return w.at(w.day(k), f)
	}
	return w.date(w.day(k-1) + 1)
}

// offsetAtMidnight returns the working days elapsed from the plan's start to
// midnight starting civil day n.
func (w *workTable) offsetAtMidnight(n int64) float64 {
	for w.next < n {
		w.day(len(w.days)) // extend past n
	}
	k, _ := slices.BinarySearch(w.days, n)
	return float64(k)
}
