package feature

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/internal/lex"
)

// reservedNames are the DefaultSchema names of a layer's fields (see the rules
// in the doc of HazardLayer).
type reservedNames struct {
	fields []nameList // in the order of the layer's written flags
	id     nameList
}

var (
	hazardReserved = sync.OnceValue(func() *reservedNames {
		d := defaultNames()
		return &reservedNames{fields: d.hazard()[1:], id: d.hazardID}
	})
	incidentReserved = sync.OnceValue(func() *reservedNames {
		d := defaultNames()
		return &reservedNames{fields: d.incident()[1:], id: d.incidentID}
	})
	settlementReserved = sync.OnceValue(func() *reservedNames {
		return &reservedNames{fields: defaultNames().settlement()}
	})
)

// The written flags say, per field of reservedNames.fields, whether the
// layer builders write the field for this feature.

func hazardWritten(h *geo.Hazard) []bool {
	// kind, status, evidence, reported
	return []bool{true, true, len(h.Evidence) > 0, !h.Reported.IsZero()}
}

func incidentWritten(in *geo.Incident, casualties bool) []bool {
	// date, killed, injured, device, casualties
	return []bool{!in.Date.IsZero(), true, true, true, casualties}
}

func settlementWritten(s *geo.Settlement) []bool {
	// name, population, planned return
	return []bool{strings.TrimSpace(s.Name) != "", s.Population >= 0, !s.PlannedReturn.IsZero()}
}

// check returns an error if property k (value v) of a feature with that id
// would not be read back as a property; nk is lex.Norm(k).
func (r *reservedNames) check(k, nk string, v any, id string, written []bool) error {
	text, _ := valueText(v) // what KML holds; GeoJSON blanks are blank here too
	blank := strings.TrimSpace(text) == ""
	for fi, l := range r.fields {
		switch j := slices.Index(l.norm, nk); {
		case j == 0:
			return fmt.Errorf("property %q has the name of a field the writer uses", k)
		case j > 0 && !written[fi]:
			return fmt.Errorf("property %q would be read back as a field (%s), which this feature leaves empty", k, l)
		case j > 0 && blank:
			return fmt.Errorf("property %q is blank and has a name of a field (%s): the reader would drop it", k, l)
		}
	}
	if slices.Contains(r.id.norm, nk) && (id == "" || blank || strings.TrimSpace(text) == id) {
		return fmt.Errorf("property %q has a name of the id (%s): allowed only beside a non-empty id, holding another value", k, r.id)
	}
	return nil
}

// reserved reports whether nk is one of r's names.
func (r *reservedNames) reserved(nk string) bool {
	for _, l := range r.fields {
		if slices.Contains(l.norm, nk) {
			return true
		}
	}
	return slices.Contains(r.id.norm, nk)
}

// checkProps returns an error for a property that would not be read back
// as one (see reservedNames.check), or for two that match one name.
func checkProps(props map[string]any, id string, reserved *reservedNames, written []bool) error {
	var seen map[string]string // normalised reserved name -> key, if any
	for k, v := range props {
		nk := lex.Norm(k)
		if err := reserved.check(k, nk, v, id, written); err != nil {
			return err
		}
		if reserved.reserved(nk) {
			if other, dup := seen[nk]; dup {
				a, b := min(k, other), max(k, other)
				return fmt.Errorf("properties %q and %q both have the name %q: %w", a, b, nk, ErrAmbiguous)
			}
			if seen == nil {
				seen = map[string]string{}
			}
			seen[nk] = k
		}
	}
	return nil
}
