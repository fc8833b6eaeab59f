package feature

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/landrelease/clearance/internal/lex"
)

// Schema maps the property names of input files (GeoJSON properties, KML
// ExtendedData and <name>/<description>, CSV columns) to the fields of
// [geo.Hazard], [geo.Incident] and [geo.Settlement]. Names are matched without regard to
// case, and spaces, underscores and hyphens match each other ("Device Type"
// matches device_type). Each field lists the accepted names in order of preference: the
// first name present with a non-blank value is used (blank means an empty
// or all-space string, or JSON null), except for a hazard's kind and status
// (see below). A property used for a field is removed from Properties;
// every other property is kept there under its original name.
//
// Two properties whose names match the same schema name ("Kind" and
// "kind") are one property if their values are equal: the first name in
// byte order is kept and the other dropped, with a [geo.Warning]. If their
// values differ the feature is rejected with [ErrAmbiguous] naming both.
// Properties matching no schema name are all kept, whatever their names.
// Error messages name the schema's names as given.
//
// A nil field takes its names from [DefaultSchema], so a Schema that sets
// one field changes only that field. The zero Schema is DefaultSchema.
//
// # Hazards
//
// The id is required ([ErrMissing]); for GeoJSON the feature's top-level "id"
// comes first. The kind is required: it is taken from the first of the Kind
// properties whose value parses as a kind, because some IMSMA exports put
// SHA/CHA in a column named status. Accepted kinds are those of
// [geo.ParseHazardKind] (case-insensitive; space, underscore and hyphen are
// the same): SHA, "suspected", "suspected hazardous area", "suspected
// hazard area"; CHA, "confirmed", "confirmed hazardous area", "confirmed
// hazard area". If Kind properties are present
// but none parses, the error is [geo.ErrUnknownValue] naming the first of them.
//
// The status is taken from the first of the Status properties, other than
// one already used for the kind, whose value parses as a status
// ([geo.ParseHazardStatus]): open
// ("open", "active", "new", "suspended"), worked on ("worked on", "in
// progress", "ongoing", "working", "started", "under survey", "under
// clearance") or closed ("closed", "handed over", "released", "completed",
// "complete", "cleared", "cancelled", "canceled", "reduced"). A Status
// property that does not parse is [geo.ErrUnknownValue]; a missing status is taken
// as open and reported as a [geo.Warning].
//
// Evidence is a JSON array of strings, or a string whose items are
// separated by semicolons, or a list as GDAL writes one in a text field
// (a JSON array of strings as text; "(2:a,b)", the count then the items
// separated by commas, taken only when the count matches). Reported is a date (see below).
//
// An id property must hold text or a number (or a boolean); anything else
// is [geo.ErrUnknownValue] on that property.
//
// # Incidents
//
// The id is optional (duplicates of non-empty ids are errors, whether or
// not the first feature with the id was accepted). For both
// hazards and incidents, other id properties holding the same value as the
// id are taken as copies of it and not kept in Properties. Killed and
// injured are non-negative whole numbers, blank meaning 0; so are
// casualties, victims whose kind (killed or injured) the source does not
// tell (geo.Incident.Casualties). The device is one
// of ([geo.ParseDevice]): AP ("ap", "apm", "anti personnel", "anti personnel mine",
// "antipersonnel"), AT ("at", "atm", "anti tank", "anti tank mine",
// "antitank", "av", "avm", "anti vehicle", "anti vehicle mine"), UXO ("uxo",
// "erw", "unexploded ordnance", "explosive remnants of war", "ordnance"),
// IED ("ied", "improvised explosive device"), or unknown ("unknown",
// "unk", "other", blank or missing).
//
// # Settlements
//
// The name is required. Population is a non-negative whole number; blank or
// missing is -1 (unknown). PlannedReturn is a date.
//
// # Dates
//
// ISO 8601 calendar dates, as [geo.ParseDate] reads them: "2025-06-30" (midnight UTC), "2025-06"
// (the first of the month, UTC), "2025-06-30T10:00:00" (UTC),
// "2025-06-30T10:00:00Z" and "2025-06-30T10:00:00+04:00" (fractional
// seconds allowed, a space may stand for the T); then GDAL's form with
// slashes, as its KML and CSV writers put dates ("2025/06/30",
// "2025/06/30 10:00:00", "2025/06/30 10:00:00+04"). Anything else is
// [geo.ErrBadDate]. Blank means unknown (the zero time).
type Schema struct {
	HazardID       []string
	HazardKind     []string
	HazardStatus   []string
	HazardEvidence []string
	HazardReported []string

	IncidentID      []string
	IncidentDate    []string
	IncidentKilled  []string
	IncidentInjured []string
	IncidentDevice  []string
	// IncidentCasualties names a count of victims of unknown kind
	// (geo.Incident.Casualties); read as killed and injured are.
	IncidentCasualties []string

	SettlementName       []string
	SettlementPopulation []string
	SettlementReturn     []string
}

// DefaultSchema returns the names the readers accept by default:
//
//	hazard id:             id, hazard_id, hazardid, code, name
//	hazard kind:           kind, type, hazard_type, category, status
//	hazard status:         status, state, hazard_status
//	hazard evidence:       evidence
//	hazard reported:       reported, reported_date, date, recorded
//	incident id:           id, incident_id, code
//	incident date:         date, incident_date, event_date
//	incident killed:       killed, deaths, dead, fatalities
//	incident injured:      injured, injuries, wounded
//	incident device:       device, device_type, item
//	incident casualties:   casualties, victims
//	settlement name:       name, settlement, settlement_name, village, name_latin
//	settlement population: population, pop
//	settlement return:     planned_return, return_date
//
// The layer builders ([HazardLayer], [IncidentLayer], [SettlementLayer])
// name each field's column after the first name of its list.
func DefaultSchema() Schema {
	return Schema{
		HazardID:       []string{"id", "hazard_id", "hazardid", "code", "name"},
		HazardKind:     []string{"kind", "type", "hazard_type", "category", "status"},
		HazardStatus:   []string{"status", "state", "hazard_status"},
		HazardEvidence: []string{"evidence"},
		HazardReported: []string{"reported", "reported_date", "date", "recorded"},

		IncidentID:      []string{"id", "incident_id", "code"},
		IncidentDate:    []string{"date", "incident_date", "event_date"},
		IncidentKilled:  []string{"killed", "deaths", "dead", "fatalities"},
		IncidentInjured: []string{"injured", "injuries", "wounded"},
		IncidentDevice:  []string{"device", "device_type", "item"},

		IncidentCasualties: []string{"casualties", "victims"},

		SettlementName:       []string{"name", "settlement", "settlement_name", "village", "name_latin"},
		SettlementPopulation: []string{"population", "pop"},
		SettlementReturn:     []string{"planned_return", "return_date"},
	}
}

// nameList is one field's property names: as the schema gives them, for
// messages, and normalised (lex.Norm), for lookups.
type nameList struct {
	names []string
	norm  []string
}

func newNameList(names []string) nameList {
	l := nameList{names: names, norm: make([]string, len(names))}
	for i, n := range names {
		l.norm[i] = lex.Norm(n)
	}
	return l
}

// String returns the names as given, separated by slashes.
func (l nameList) String() string { return strings.Join(l.names, "/") }

// schemaNames is a Schema with nil fields filled from DefaultSchema and
// every name normalised once, so that lookups per feature need not.
type schemaNames struct {
	hazardID, hazardKind, hazardStatus, hazardEvidence, hazardReported        nameList
	incidentID, incidentDate, incidentKilled, incidentInjured, incidentDevice nameList
	incidentCasualties                                                        nameList
	settlementName, settlementPopulation, settlementReturn                    nameList
}

// hazard, incident and settlement return the names of each layer's fields.
func (n *schemaNames) hazard() []nameList {
	return []nameList{n.hazardID, n.hazardKind, n.hazardStatus, n.hazardEvidence, n.hazardReported}
}

func (n *schemaNames) incident() []nameList {
	return []nameList{n.incidentID, n.incidentDate, n.incidentKilled, n.incidentInjured, n.incidentDevice, n.incidentCasualties}
}

func (n *schemaNames) settlement() []nameList {
	return []nameList{n.settlementName, n.settlementPopulation, n.settlementReturn}
}

// defaultNames is DefaultSchema resolved, built once.
var defaultNames = sync.OnceValue(func() *schemaNames {
	d := DefaultSchema()
	return &schemaNames{
		hazardID: newNameList(d.HazardID), hazardKind: newNameList(d.HazardKind),
		hazardStatus: newNameList(d.HazardStatus), hazardEvidence: newNameList(d.HazardEvidence),
		hazardReported: newNameList(d.HazardReported),
		incidentID:     newNameList(d.IncidentID), incidentDate: newNameList(d.IncidentDate),
		incidentKilled: newNameList(d.IncidentKilled), incidentInjured: newNameList(d.IncidentInjured),
		incidentDevice: newNameList(d.IncidentDevice), incidentCasualties: newNameList(d.IncidentCasualties),
		settlementName: newNameList(d.SettlementName), settlementPopulation: newNameList(d.SettlementPopulation),
		settlementReturn: newNameList(d.SettlementReturn),
	}
})

// resolve returns s's names with nil fields taken from DefaultSchema; a
// nil s is DefaultSchema. Cost O(names) for a custom schema, nothing for
// DefaultSchema.
func (s *Schema) resolve() *schemaNames {
	d := defaultNames()
	if s == nil {
		return d
	}
	pick := func(f []string, def nameList) nameList {
		if f == nil {
			return def
		}
		return newNameList(f)
	}
	return &schemaNames{
		hazardID: pick(s.HazardID, d.hazardID), hazardKind: pick(s.HazardKind, d.hazardKind),
		hazardStatus: pick(s.HazardStatus, d.hazardStatus), hazardEvidence: pick(s.HazardEvidence, d.hazardEvidence),
		hazardReported: pick(s.HazardReported, d.hazardReported),
		incidentID:     pick(s.IncidentID, d.incidentID), incidentDate: pick(s.IncidentDate, d.incidentDate),
		incidentKilled: pick(s.IncidentKilled, d.incidentKilled), incidentInjured: pick(s.IncidentInjured, d.incidentInjured),
		incidentDevice: pick(s.IncidentDevice, d.incidentDevice), incidentCasualties: pick(s.IncidentCasualties, d.incidentCasualties),
		settlementName: pick(s.SettlementName, d.settlementName), settlementPopulation: pick(s.SettlementPopulation, d.settlementPopulation),
		settlementReturn: pick(s.SettlementReturn, d.settlementReturn),
	}
}

// formatDate writes a date as the writers do: "2006-01-02" for midnight
// UTC, RFC 3339 otherwise; "" for the zero time.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if t.Location() == time.UTC && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format(time.RFC3339Nano)
}

// parseCount parses a non-negative whole number from a property value
// (JSON number or string).
func parseCount(v any) (int, error) {
	switch x := v.(type) {
	case float64:
		if x < 0 || x != math.Trunc(x) || x > math.MaxInt32 {
			return 0, fmt.Errorf("%v is not a whole number >= 0: %w", x, ErrBadNumber)
		}
		return int(x), nil
	case string:
		s := strings.TrimSpace(x)
		n, err := strconv.Atoi(s)
		if err != nil {
			f, ferr := lex.ParseDecimal(s)
			if ferr != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				return 0, fmt.Errorf("%q: %w", x, ErrBadNumber)
			}
			return parseCount(f)
		}
		if n < 0 || n > math.MaxInt32 {
			return 0, fmt.Errorf("%d is not a whole number >= 0: %w", n, ErrBadNumber)
		}
		return n, nil
	}
	return 0, fmt.Errorf("%s value: %w", jsonKind(v), ErrBadNumber)
}

// valueString returns the text of a scalar property value: strings as they
// are, numbers in Go's shortest form, booleans as true/false.
func valueString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func isBlankValue(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	}
	return false
}

// mappedField is a field a Schema sets, with its names.
type mappedField struct {
	field string // "incidents.killed"
	names nameList
}

// mapped returns the fields of layer ("hazards", "incidents",
// "settlements") that s sets.
func (s *Schema) mapped(layer string) []mappedField {
	if s == nil {
		return nil
	}
	var fs []struct {
		name string
		l    []string
	}
	add := func(name string, l []string) {
		fs = append(fs, struct {
			name string
			l    []string
		}{name, l})
	}
	switch layer {
	case "hazards":
		add("id", s.HazardID)
		add("kind", s.HazardKind)
		add("status", s.HazardStatus)
		add("evidence", s.HazardEvidence)
		add("reported", s.HazardReported)
	case "incidents":
		add("id", s.IncidentID)
		add("date", s.IncidentDate)
		add("killed", s.IncidentKilled)
		add("injured", s.IncidentInjured)
		add("device", s.IncidentDevice)
		add("casualties", s.IncidentCasualties)
	case "settlements":
		add("name", s.SettlementName)
		add("population", s.SettlementPopulation)
		add("planned_return", s.SettlementReturn)
	}
	var out []mappedField
	for _, f := range fs {
		if f.l != nil {
			out = append(out, mappedField{layer + "." + f.name, newNameList(f.l)})
		}
	}
	return out
}

// checkMapped reports, with Options.RequireMapped, each field the schema
// sets for layer that no feature has a property for.
func checkMapped(c *readCollector, raws []Feature, opt *Options, layer string) {
	if !opt.RequireMapped || len(raws) == 0 {
		return
	}
	for _, m := range opt.Schema.mapped(layer) {
		found := false
		for i := 0; i < len(raws) && !found; i++ {
			for k := range raws[i].Properties {
				if slices.Contains(m.names.norm, lex.Norm(k)) {
					found = true
					break
				}
			}
		}
		if !found {
			c.add(-1, "", m.field, fmt.Errorf("no feature has a property named %s, mapped to %s: %w", m.names, m.field, ErrMissing))
		}
	}
}
