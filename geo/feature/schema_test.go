package feature

import (
	"testing"

	"github.com/landrelease/clearance/internal/lex"
)

// TestSchemaNames: a schema's names are kept as given for messages and
// normalised once for lookups, with or without a custom schema.
func TestSchemaNames(t *testing.T) {
	custom := &Schema{HazardID: []string{"ObjectID", "Hazard_Code"}}
	for _, s := range []*Schema{nil, custom} {
		r := s.resolve()
		for _, l := range []nameList{r.hazardID, r.hazardKind, r.incidentDevice, r.settlementReturn} {
			for k, n := range l.names {
				if l.norm[k] != lex.Norm(n) {
					t.Errorf("schema %v: %q normalised to %q", s, n, l.norm[k])
				}
			}
		}
	}
	if r := (*Schema)(nil).resolve(); r.hazardID.names[1] != "hazard_id" {
		t.Errorf("default names %v", r.hazardID.names)
	}
	// Looking up a property by a schema name allocates nothing.
	p := newPropSet(map[string]any{"Hazard_ID": "H1", "kind": "SHA"})
	r := (*Schema)(nil).resolve()
	if n := testing.AllocsPerRun(100, func() { p.first(r.hazardID.norm) }); n != 0 {
		t.Errorf("lookup allocates %v times", n)
	}
}
