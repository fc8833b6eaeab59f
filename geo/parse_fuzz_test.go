package geo

import (
	"errors"
	"testing"
)

// FuzzParse: the text parsers of the model (dates, hazard kinds and
// statuses, devices) never panic, their errors wrap their sentinel, and a
// date they read prints back to one they read the same.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"2025-06-30", "2025-06", "2025-06-30T10:00:00+04:00", "2023/05/30 10:00:00+04",
		" 2025-06-30 10:00:00.5Z", "", "CHA", "sha", "cleared", "AP mine", "uxo", "9999-99-99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := ParseDate(s); err != nil {
			if !errors.Is(err, ErrBadDate) {
				t.Fatalf("ParseDate(%q): %v", s, err)
			}
		} else if d2, err := ParseDate(d.Format("2006-01-02T15:04:05.999999999Z07:00")); err != nil || !d2.Equal(d) {
			t.Fatalf("ParseDate(%q) = %v; printed and read back: %v, %v", s, d, d2, err)
		}
		ParseHazardKind(s)
		ParseHazardStatus(s)
		ParseDevice(s)
	})
}
