package geo

import (
	"errors"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	plus4 := time.FixedZone("", 4*3600)
	for _, tc := range []struct {
		name, in string
		want     time.Time
		bad      bool
	}{
		{"ISO date", "2023-05-30", time.Date(2023, 5, 30, 0, 0, 0, 0, time.UTC), false},
		{"ISO month", "2023-05", time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC), false},
		{"ISO date-time with offset", "2023-05-30T10:00:00+04:00", time.Date(2023, 5, 30, 10, 0, 0, 0, plus4), false},
		{"ISO date-time with a space", "2023-05-30 10:00:00", time.Date(2023, 5, 30, 10, 0, 0, 0, time.UTC), false},
		{"GDAL date", "2023/05/30", time.Date(2023, 5, 30, 0, 0, 0, 0, time.UTC), false},
		{"GDAL date spaces", " 2023/05/30 ", time.Date(2023, 5, 30, 0, 0, 0, 0, time.UTC), false},
		{"GDAL date-time", "2023/05/30 10:00:00", time.Date(2023, 5, 30, 10, 0, 0, 0, time.UTC), false},
		{"GDAL date-time UTC", "2023/05/30 10:00:00+00", time.Date(2023, 5, 30, 10, 0, 0, 0, time.UTC), false},
		{"GDAL date-time +04", "2023/05/30 10:00:00+04", time.Date(2023, 5, 30, 10, 0, 0, 0, plus4), false},
		{"GDAL date-time +0400", "2023/05/30 10:00:00.5+0400", time.Date(2023, 5, 30, 10, 0, 0, 5e8, plus4), false},
		{"day first", "30/05/2023", time.Time{}, true},
		{"month first", "05/30/2023", time.Time{}, true},
		{"slash month only", "2023/05", time.Time{}, true},
		{"mixed", "2023/05-30", time.Time{}, true},
		{"blank", " ", time.Time{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseDate(tc.in)
			if tc.bad {
				if !errors.Is(err, ErrBadDate) {
					t.Fatalf("ParseDate(%q) = %v, %v; want ErrBadDate", tc.in, got, err)
				}
				return
			}
			if err != nil || !got.Equal(tc.want) {
				t.Fatalf("ParseDate(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
			if _, off := got.Zone(); func() int { _, w := tc.want.Zone(); return w }() != off {
				t.Fatalf("ParseDate(%q) offset %d, want that of %v", tc.in, off, tc.want)
			}
		})
	}
}
