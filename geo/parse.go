package geo

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/landrelease/clearance/internal/lex"
)

// The text forms of the model: each enum's String and Parse, and dates.
// Readers of every format parse through these, so a value means the same
// in a GeoJSON property, a KML Data element and a CSV column.

var kindWords = map[string]HazardKind{
	"sha": SHA, "suspected": SHA, "suspected hazardous area": SHA, "suspected hazard area": SHA,
	"cha": CHA, "confirmed": CHA, "confirmed hazardous area": CHA, "confirmed hazard area": CHA,
}

var statusWords = map[string]HazardStatus{
	"open": StatusOpen, "active": StatusOpen, "new": StatusOpen, "suspended": StatusOpen,
	"worked on": StatusWorkedOn, "workedon": StatusWorkedOn, "in progress": StatusWorkedOn,
	"ongoing": StatusWorkedOn, "on going": StatusWorkedOn, "working": StatusWorkedOn,
	"started": StatusWorkedOn, "under survey": StatusWorkedOn, "under clearance": StatusWorkedOn,
	"closed": StatusClosed, "handed over": StatusClosed, "released": StatusClosed,
	"completed": StatusClosed, "complete": StatusClosed, "cleared": StatusClosed,
	"cancelled": StatusClosed, "canceled": StatusClosed, "reduced": StatusClosed,
}

var deviceWords = map[string]Device{
	"ap": DeviceAP, "apm": DeviceAP, "anti personnel": DeviceAP, "anti personnel mine": DeviceAP,
	"antipersonnel": DeviceAP, "antipersonnel mine": DeviceAP,
	"at": DeviceAT, "atm": DeviceAT, "anti tank": DeviceAT, "anti tank mine": DeviceAT,
	"antitank": DeviceAT, "antitank mine": DeviceAT, "av": DeviceAT, "avm": DeviceAT,
	"anti vehicle": DeviceAT, "anti vehicle mine": DeviceAT,
	"uxo": DeviceUXO, "erw": DeviceUXO, "unexploded ordnance": DeviceUXO,
	"explosive remnants of war": DeviceUXO, "ordnance": DeviceUXO,
	"ied": DeviceIED, "improvised explosive device": DeviceIED,
	"unknown": DeviceUnknown, "unk": DeviceUnknown, "other": DeviceUnknown,
}

// String returns "SHA" or "CHA" (or "HazardKind(n)").
func (k HazardKind) String() string {
	switch k {
	case SHA:
		return "SHA"
	case CHA:
		return "CHA"
	}
	return "HazardKind(" + strconv.Itoa(int(k)) + ")"
}

// String returns "open", "worked on" or "closed" (or "HazardStatus(n)").
func (s HazardStatus) String() string {
	switch s {
	case StatusOpen:
		return "open"
	case StatusWorkedOn:
		return "worked on"
	case StatusClosed:
		return "closed"
	}
	return "HazardStatus(" + strconv.Itoa(int(s)) + ")"
}

// String returns "unknown", "AP", "AT", "UXO" or "IED" (or "Device(n)").
func (d Device) String() string {
	switch d {
	case DeviceUnknown:
		return "unknown"
	case DeviceAP:
		return "AP"
	case DeviceAT:
		return "AT"
	case DeviceUXO:
		return "UXO"
	case DeviceIED:
		return "IED"
	}
	return "Device(" + strconv.Itoa(int(d)) + ")"
}

// ParseHazardKind parses a hazard kind, in any case, with spaces,
// underscores and hyphens alike: SHA ("sha", "suspected", "suspected
// hazardous area", "suspected hazard area") or CHA ("cha", "confirmed",
// "confirmed hazardous area", "confirmed hazard area"). Anything else,
// blank included, is an error wrapping [ErrUnknownValue].
func ParseHazardKind(s string) (HazardKind, error) {
	if k, ok := kindWords[lex.Norm(s)]; ok {
		return k, nil
	}
	return 0, fmt.Errorf("%w %q", ErrUnknownValue, s)
}

// ParseHazardStatus parses a hazard status as [ParseHazardKind] parses a
// kind: open ("open", "active", "new", "suspended"), worked on ("worked
// on", "in progress", "ongoing", "working", "started", "under survey",
// "under clearance") or closed ("closed", "handed over", "released",
// "completed", "complete", "cleared", "cancelled", "canceled", "reduced").
// Anything else is an error wrapping [ErrUnknownValue].
func ParseHazardStatus(s string) (HazardStatus, error) {
	if k, ok := statusWords[lex.Norm(s)]; ok {
		return k, nil
	}
	return 0, fmt.Errorf("%w %q", ErrUnknownValue, s)
}

// ParseDevice parses a device as [ParseHazardKind] parses a kind: AP
// ("ap", "apm", "anti personnel", "anti personnel mine", "antipersonnel"),
// AT ("at", "atm", "anti tank", "anti tank mine", "antitank", "av", "avm",
// "anti vehicle", "anti vehicle mine"), UXO ("uxo", "erw", "unexploded
// ordnance", "explosive remnants of war", "ordnance"), IED ("ied",
// "improvised explosive device"), or DeviceUnknown ("unknown", "unk",
// "other", or blank). Anything else is an error wrapping [ErrUnknownValue].
func ParseDevice(s string) (Device, error) {
	w := lex.Norm(s)
	if w == "" {
		return DeviceUnknown, nil
	}
	if d, ok := deviceWords[w]; ok {
		return d, nil
	}
	return 0, fmt.Errorf("%w %q", ErrUnknownValue, s)
}

var dateLayouts = []string{
	"2006-01-02",
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01",
	// GDAL's text for OFTDate and OFTDateTime fields (its KML and CSV
	// writers): "2023/05/30", "2023/05/30 10:00:00", with an optional
	// offset in hours ("+00", "+04") or hours and minutes ("+0430").
	"2006/01/02",
	"2006/01/02 15:04:05.999999999",
	"2006/01/02 15:04:05.999999999Z07",
	"2006/01/02 15:04:05.999999999Z0700",
	"2006/01/02 15:04:05.999999999Z07:00",
}

// ParseDate parses an ISO 8601 calendar date or date-time, after trimming
// spaces: "2025-06-30" (midnight UTC), "2025-06" (the first of the month,
// UTC), "2025-06-30T10:00:00" (UTC), "2025-06-30T10:00:00Z" and
// "2025-06-30T10:00:00+04:00" (fractional seconds allowed, a space may
// stand for the T). ISO 8601 comes first; GDAL's form, slashes for the
// hyphens ("2023/05/30", "2023/05/30 10:00:00", "2023/05/30 10:00:00+04"),
// is accepted too, as GDAL writes dates so in KML and CSV. Anything else,
// blank included, is an error wrapping [ErrBadDate].
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%w: %q", ErrBadDate, s)
}
