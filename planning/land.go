package planning

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/internal/lex"
)

// LandField is one attribute of the ground a unit lies on.
type LandField uint8

const (
	// LandTerrain is the ground itself: "flat", "rocky", "wetland", ...
	LandTerrain LandField = iota + 1
	// LandVegetation is what grows on it: "grass", "scrub", "forest", ...
	LandVegetation
	// LandSlope is a slope class: "flat", "moderate", "steep", ...
	LandSlope
	// LandAccess is how a team reaches it: "road", "track", "foot", ...
	LandAccess
	// LandUse is what the land is for: "farmland", "pasture",
	// "built-up", "infrastructure", ...
	LandUse
)

// landFields lists the fields in order.
var landFields = [...]LandField{LandTerrain, LandVegetation, LandSlope, LandAccess, LandUse}

// String returns "terrain", "vegetation", "slope", "access" or "land use".
func (f LandField) String() string {
	switch f {
	case LandTerrain:
		return "terrain"
	case LandVegetation:
		return "vegetation"
	case LandSlope:
		return "slope"
	case LandAccess:
		return "access"
	case LandUse:
		return "land use"
	}
	return fmt.Sprintf("LandField(%d)", uint8(f))
}

// ParseLandField reads a field name as String writes it, or "land_use",
// "landuse" or "use" for LandUse (names compared as property names are:
// case, spaces, "_" and "-" do not matter). It returns false for any
// other name.
func ParseLandField(s string) (LandField, bool) {
	switch lex.Norm(s) {
	case "terrain":
		return LandTerrain, true
	case "vegetation":
		return LandVegetation, true
	case "slope":
		return LandSlope, true
	case "access":
		return LandAccess, true
	case "land use", "landuse", "use":
		return LandUse, true
	}
	return 0, false
}

// Land describes the ground of a unit, each field a class name as the
// source writes it ("" when unknown). Rules ([LandRule]) compare classes
// as property names are compared: case, spaces, "_" and "-" do not matter
// ("Built-up" is "built up"). The zero Land is unknown ground, which no
// rule matches: every method may work it at its own pace.
type Land struct {
	Terrain, Vegetation, Slope, Access, Use string
}

// Get returns the value of field f ("" for an unknown field).
func (l *Land) Get(f LandField) string {
	switch f {
	case LandTerrain:
		return l.Terrain
	case LandVegetation:
		return l.Vegetation
	case LandSlope:
		return l.Slope
	case LandAccess:
		return l.Access
	case LandUse:
		return l.Use
	}
	return ""
}

// set sets field f.
func (l *Land) set(f LandField, v string) {
	switch f {
	case LandTerrain:
		l.Terrain = v
	case LandVegetation:
		l.Vegetation = v
	case LandSlope:
		l.Slope = v
	case LandAccess:
		l.Access = v
	case LandUse:
		l.Use = v
	}
}

// String writes the known fields as "terrain wetland, slope steep", or
// "unknown" when none is known.
func (l Land) String() string {
	var parts []string
	for _, f := range landFields {
		if v := l.Get(f); v != "" {
			parts = append(parts, f.String()+" "+v)
		}
	}
	if len(parts) == 0 {
		return "unknown"
	}
	return strings.Join(parts, ", ")
}

// LandNames lists, for each land field, the hazard property names it is
// read from (the first present wins; names compared as geo/feature's
// Schema compares them: case, spaces, "_" and "-" do not matter).
type LandNames struct {
	Terrain, Vegetation, Slope, Access, Use []string
}

// DefaultLandNames returns the names read by default:
//
//	terrain:    terrain, terrain_type, ground
//	vegetation: vegetation, vegetation_type, cover, land_cover
//	slope:      slope, slope_class
//	access:     access, accessibility
//	land use:   land_use, landuse, use
func DefaultLandNames() LandNames {
	return LandNames{
		Terrain:    []string{"terrain", "terrain_type", "ground"},
		Vegetation: []string{"vegetation", "vegetation_type", "cover", "land_cover"},
		Slope:      []string{"slope", "slope_class"},
		Access:     []string{"access", "accessibility"},
		Use:        []string{"land_use", "landuse", "use"},
	}
}

func (n *LandNames) names(f LandField) []string {
	switch f {
	case LandTerrain:
		return n.Terrain
	case LandVegetation:
		return n.Vegetation
	case LandSlope:
		return n.Slope
	case LandAccess:
		return n.Access
	case LandUse:
		return n.Use
	}
	return nil
}

// Read returns the land described by a hazard's properties
// (geo.Hazard.Properties: those the readers did not map to a field). A
// string is taken trimmed, a number as strconv writes it, null or a blank
// string as unknown. Any other value (an object, a list, a boolean) is an
// error wrapping [ErrInvalid] that names the property; the other fields
// are still read. Cost: O(properties × names).
func (n *LandNames) Read(props map[string]any) (Land, error) {
	var l Land
	var errs []string
	for _, f := range landFields {
		for _, want := range n.names(f) {
			key, v, ok := findProp(props, want)
			if !ok {
				continue
			}
			s, good := landText(v)
			if !good {
				errs = append(errs, fmt.Sprintf("property %q (%s): %T is not a class name", key, f, v))
			}
			l.set(f, s)
			break
		}
	}
	if errs != nil {
		return l, fmt.Errorf("%w: %s", ErrInvalid, strings.Join(errs, "; "))
	}
	return l, nil
}

// findProp finds a property by its normalised name. Cost O(len(props)).
func findProp(props map[string]any, name string) (string, any, bool) {
	nn := lex.Norm(name)
	if v, ok := props[name]; ok {
		return name, v, true
	}
	var best string
	found := false
	for k := range props {
		if lex.Norm(k) == nn && (!found || k < best) {
			best, found = k, true
		}
	}
	if !found {
		return "", nil, false
	}
	return best, props[best], true
}

func landText(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return strings.TrimSpace(x), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case int:
		return strconv.Itoa(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	}
	return "", false
}

// LandRule says how a clearance method fares on one class of land: it
// may not work it at all (Forbid), or works it at Factor times its pace.
// A rule applies to a unit whose Land field Field is one of Values
// (compared as [Land] says). When several rules apply to a unit and a
// method, any Forbid forbids and the factors multiply.
type LandRule struct {
	// Method is the method the rule concerns. Rules for NTS and TS teams
	// are allowed (survey on foot is slowed by dense vegetation too).
	Method Method
	// Field and Values select the land the rule applies to. With
	// MinAreaM2 they may be left out (Field 0, no Values): the rule then
	// applies to every land.
	Field  LandField
	Values []string
	// MinAreaM2, if > 0, narrows the rule to units smaller than this, in
	// m²: {Method: MethodMDD, MinAreaM2: 10_000, Forbid: true} keeps dogs
	// off units under a hectare (a dog team needs room to work its search
	// pattern downwind, and its set-up costs a day however small the
	// task).
	MinAreaM2 float64
	// Forbid keeps the method off that land.
	Forbid bool
	// Factor multiplies the team's productivity (Team.Rate) there, > 0;
	// 0 means 1. It is ignored with Forbid.
	Factor float64
	// Source says where the rule comes from; the summary prints it.
	Source string
}

// String writes the rule as "mechanical: not on slope steep, very steep"
// or "manual: × 0.6 on vegetation forest".
func (r LandRule) String() string {
	what := "× " + strconv.FormatFloat(r.factor(), 'f', -1, 64) + " on"
	if r.Forbid {
		what = "not on"
	}
	var s string
	switch {
	case r.Field == 0:
		s = fmt.Sprintf("%s: %s units under %s ha", r.Method, what, strconv.FormatFloat(r.MinAreaM2/1e4, 'f', -1, 64))
	case r.MinAreaM2 > 0:
		s = fmt.Sprintf("%s: %s %s %s under %s ha", r.Method, what, r.Field, strings.Join(r.Values, ", "),
			strconv.FormatFloat(r.MinAreaM2/1e4, 'f', -1, 64))
	default:
		s = fmt.Sprintf("%s: %s %s %s", r.Method, what, r.Field, strings.Join(r.Values, ", "))
	}
	if r.Source != "" {
		s += " (" + r.Source + ")"
	}
	return s
}

func (r *LandRule) factor() float64 {
	if r.Factor == 0 {
		return 1
	}
	return r.Factor
}

// DefaultLandRules returns the rules [Schedule] applies when
// Config.LandRules is nil. They are general practice, not one programme's
// standard, and documented so they can be argued with:
//
//   - mechanical: not on steep or very steep slopes (flails and tillers
//     lose traction and roll over), not in forest (trees stop the
//     machine), not on wetland or waterlogged ground (it bogs down), not
//     on built-up land (buildings, walls and rubble need manual teams);
//   - MDD: not on wetland or waterlogged ground, nor on built-up land
//     (scent is lost in standing water, and rubble and fighting residue
//     saturate a dog with odours);
//   - manual: at 0.6 of its pace in forest and dense scrub (vegetation
//     must be cut before detection) and on steep slopes;
//   - NTS and TS: no rule (survey goes wherever people can walk).
//
// Land whose class no rule names is worked by every method at its own
// pace. Pass a non-nil empty slice in Config.LandRules to turn every rule
// off.
func DefaultLandRules() []LandRule {
	const src = "default: general practice"
	return []LandRule{
		{Method: MethodMechanical, Field: LandSlope, Values: []string{"steep", "very steep"}, Forbid: true, Source: src},
		{Method: MethodMechanical, Field: LandVegetation, Values: []string{"forest"}, Forbid: true, Source: src},
		{Method: MethodMechanical, Field: LandTerrain, Values: []string{"wetland", "waterlogged"}, Forbid: true, Source: src},
		{Method: MethodMechanical, Field: LandUse, Values: []string{"built-up", "urban"}, Forbid: true, Source: src},
		{Method: MethodMDD, Field: LandTerrain, Values: []string{"wetland", "waterlogged"}, Forbid: true, Source: src},
		{Method: MethodMDD, Field: LandUse, Values: []string{"built-up", "urban"}, Forbid: true, Source: src},
		{Method: MethodManual, Field: LandVegetation, Values: []string{"forest", "dense scrub"}, Factor: 0.6, Source: src},
		{Method: MethodManual, Field: LandSlope, Values: []string{"steep", "very steep"}, Factor: 0.6, Source: src},
	}
}

// ValidateLandRules reports the first rule with an unknown method or
// field, no values (unless it has a MinAreaM2 and neither field nor
// values), or a factor or MinAreaM2 that is negative, NaN or infinite, as
// an error wrapping [ErrInvalid] that names the rule's index.
func ValidateLandRules(rules []LandRule) error {
	for i := range rules {
		r := &rules[i]
		var msg string
		switch {
		case r.Method < MethodManual || r.Method > MethodTS:
			msg = fmt.Sprintf("Method: unknown method %d", r.Method)
		case !nonNegative(r.MinAreaM2) || math.IsInf(r.MinAreaM2, 0):
			msg = fmt.Sprintf("MinAreaM2: %v is not a number of m² ≥ 0", r.MinAreaM2)
		case r.Field == 0 && len(r.Values) == 0 && r.MinAreaM2 > 0:
			// every land, under the area
		case r.Field < LandTerrain || r.Field > LandUse:
			msg = fmt.Sprintf("Field: unknown land field %d", r.Field)
		case len(r.Values) == 0:
			msg = "Values: no land class"
		case !r.Forbid && (!nonNegative(r.Factor) || r.Factor > 0 && math.IsInf(r.Factor, 0)):
			msg = fmt.Sprintf("Factor: %v is not a positive number", r.Factor)
		}
		if msg != "" {
			return fmt.Errorf("planning: land rule %d (%s): %s: %w", i, r.Method, msg, ErrInvalid)
		}
	}
	return nil
}

// landRules holds rules with their values normalised.
type landRules struct {
	rules  []LandRule
	norm   [][]string
	byArea bool // some rule has a MinAreaM2
}

func newLandRules(rules []LandRule) *landRules {
	lr := &landRules{rules: rules, norm: make([][]string, len(rules))}
	for i := range rules {
		lr.byArea = lr.byArea || rules[i].MinAreaM2 > 0
		for _, v := range rules[i].Values {
			lr.norm[i] = append(lr.norm[i], lex.Norm(v))
		}
	}
	return lr
}

// factor returns the productivity factor of method m on land l of a unit
// of areaM2, 0 if a rule forbids it. Cost O(rules).
func (lr *landRules) factor(m Method, l *Land, areaM2 float64) float64 {
	if lr == nil || *l == (Land{}) && !lr.byArea {
		return 1
	}
	f := 1.0
	for i := range lr.rules {
		r := &lr.rules[i]
		if r.Method != m || r.MinAreaM2 > 0 && !(areaM2 < r.MinAreaM2) {
			continue
		}
		match := r.Field == 0 // an area rule on every land
		if !match {
			v := l.Get(r.Field)
			if v == "" {
				continue
			}
			match = slices.Contains(lr.norm[i], lex.Norm(v))
		}
		if match {
			if r.Forbid {
				return 0
			}
			f *= r.factor()
		}
	}
	return f
}

// maxFactor returns the largest factor any land can give method m (1 or
// more): the product of its rules' factors above 1.
func (lr *landRules) maxFactor(m Method) float64 {
	f := 1.0
	if lr == nil {
		return f
	}
	for i := range lr.rules {
		if r := &lr.rules[i]; r.Method == m && !r.Forbid && r.factor() > 1 {
			f *= r.factor()
		}
	}
	return f
}

// LandFactor returns the factor by which rules multiply a method's pace
// on land l, in a unit of areaM2 m² (for the rules with a MinAreaM2): 0
// when a rule forbids the method there, 1 when no rule applies. Cost
// O(len(rules)).
func LandFactor(rules []LandRule, m Method, l Land, areaM2 float64) float64 {
	return newLandRules(rules).factor(m, &l, areaM2)
}

// landError names the hazard whose land cannot be read.
func landError(index int, id string, err error) error {
	return &geo.FeatureError{Index: index, ID: id, Field: "land", Err: err, Noun: "hazard"}
}
