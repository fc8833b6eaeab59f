package planning

import "time"

// StartOrToday returns start, or, if it is the zero time, midnight today in
// the local time zone: a plan whose calendar has no start begins today,
// never on 1 January of year 1. [Schedule] applies it to
// Config.Calendar.Start; say in a report which it was (a plan that starts
// today changes from day to day). Cost O(1).
func StartOrToday(start time.Time) time.Time {
	if !start.IsZero() {
		return start
	}
	y, m, d := time.Now().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.Local)
}
