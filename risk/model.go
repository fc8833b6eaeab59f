package risk

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/landrelease/clearance/geo"
)

// Default parameters of the model; a zero field of [Model] takes these.
const (
	// DefaultBandwidthM is the Gaussian kernel bandwidth h of the incident
	// density, in metres.
	DefaultBandwidthM = 1000
	// DefaultCutoffBandwidths is the kernel cut-off in bandwidths: incidents
	// farther than 4h from a cell centre do not count.
	DefaultCutoffBandwidths = 4
	// DefaultVillageScaleM is the distance scale λ of settlement proximity,
	// in metres.
	DefaultVillageScaleM = 2000
	// PopulationRadiusScales is the radius, in λ, within which settlements
	// count in the population-weighted proximity.
	PopulationRadiusScales = 5
	// DefaultLineScaleM is the distance scale of a [LineLayer] factor, in
	// metres.
	DefaultLineScaleM = 1000

	// DefaultShortBandwidthM is the short Gaussian bandwidth of the
	// [Mixture] model, in metres.
	DefaultShortBandwidthM = 500
	// DefaultLongBandwidthM is the long Gaussian bandwidth of the [Mixture]
	// model, in metres.
	DefaultLongBandwidthM = 5000
	// DefaultLongWeight is the share of the long kernel in the [Mixture]
	// model; the short kernel has the rest.
	DefaultLongWeight = 0.5
	// DefaultRecencyYears is the recency time constant τ of the [Mixture]
	// model: an incident of age a years weighs exp(−a/τ).
	DefaultRecencyYears = 3
	// DefaultNearScaleM is the distance scale L of the [Mixture] model's
	// nearness factor exp(−d_nearest/L), in metres.
	DefaultNearScaleM = 3000
	// MixtureCutoffBandwidths is where the [Mixture] model's kernels are
	// summed exactly: incidents within this many bandwidths of a cell
	// centre, for each kernel (exp(−18) ≈ 1.5e−8 of the peak at the cut).
	// A cell with no incident within the long kernel's cut gets the sum,
	// in log space, over its MixtureNearest nearest incidents instead, so
	// far cells keep their order by distance.
	MixtureCutoffBandwidths = 6
	// MixtureNearest is the number of nearest incidents summed for a cell
	// beyond every incident's cut.
	MixtureNearest = 16
	// ExposureFloor is the [Mixture] model's exposure of a cell far from
	// every settlement: exposure = ExposureFloor + (1 − ExposureFloor) ·
	// proximity, so far cells keep their likelihood's order.
	ExposureFloor = 0.1
)

// Kind says which incident model a [Model] uses.
type Kind uint8

const (
	// Mixture, the default: an untruncated mixture of a short and a long
	// Gaussian kernel with recency weights, damped by the distance to the
	// nearest incident and calibrated as expected incidents per km² per
	// year (see the package documentation).
	Mixture Kind = iota
	// KDE is the classic model: one Gaussian kernel cut off at 4h, density
	// times proximity (see the package documentation). Its output is
	// unchanged from the versions that had only it.
	KDE
)

// String returns "mixture" or "kde".
func (k Kind) String() string {
	switch k {
	case Mixture:
		return "mixture"
	case KDE:
		return "kde"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Names of the built-in factors, as used in [Model.Weights], in CSV headers
// and in [Explanation].
const (
	FactorDensity   = "density"
	FactorProximity = "proximity"
	// FactorLikelihood and FactorExposure are the combined factors of the
	// Mixture model.
	FactorLikelihood = "likelihood"
	FactorExposure   = "exposure"
)

// Errors returned by [Model.Validate] and [Model.Score]; test with errors.Is.
var (
	// ErrModel marks an invalid Model setting; the message names the field.
	ErrModel = errors.New("risk: invalid model")
	// ErrNoArea is returned when scoring over the area of interest is asked
	// for and the projected dataset has none.
	ErrNoArea = errors.New("risk: no area of interest to score")
	// ErrSource is returned when a setting needs incident or settlement
	// attributes (casualties, dates, devices, populations, names) and
	// Projected.Source is missing or its layers are not index-aligned with
	// the projected ones.
	ErrSource = errors.New("risk: source dataset missing or not aligned with the projected layers")
)

// Combination says how the factors of a cell are combined into its risk.
type Combination uint8

const (
	// Product, the default: risk = density · proximity · Π(layer factors) ·
	// area_m2 / 10,000.
	Product Combination = iota
	// WeightedSum: risk = Σ_f w_f · f / max(f) · area_m2 / 10,000, over the
	// factors density, proximity and every layer factor; max(f) is the
	// largest value of factor f over the scored cells (a factor whose
	// maximum is zero, NaN or infinite contributes 0); w_f is
	// Model.Weights[name], 1 when the name is missing.
	WeightedSum
)

// Lines is a layer of polylines in projected metres (roads, tracks,
// rivers): each element is one polyline of two or more vertices. A polyline
// of one vertex is a point; an empty one is ignored.
type Lines [][]geo.XY

// LineLayer adds a distance-to-line factor. For each cell it keeps two
// columns: Name+"_m", the distance in metres from the cell centre to the
// nearest segment (+Inf if the layer has no segment), and Name, the factor
// exp(−distance / ScaleM) that enters the combination.
type LineLayer struct {
	Name  string
	Lines Lines
	// ScaleM is the distance scale in metres; zero means DefaultLineScaleM.
	ScaleM float64
}

// PolygonLayer adds a weighted-area factor (land use, say): the cell's
// factor is the mean of Weights over the layer's polygons that cover the
// cell, each weighted by its area within the cell (grid m², from
// [geo.Grid.Cover]); a cell no polygon covers gets Outside.
type PolygonLayer struct {
	Name     string
	Polygons []geo.MultiPolygonXY
	// Weights[i] is the weight of Polygons[i]; the lengths must match.
	Weights []float64
	// Outside is the factor of a cell no polygon of the layer covers. The
	// zero value 0 removes such cells from a Product model; set 1 to leave
	// them neutral.
	Outside float64
}

// Factors is what a user combination function sees of one cell. Names and
// Values are shared buffers: read them during the call, do not keep them.
type Factors struct {
	// Density is the incident density (see the package doc).
	Density float64
	// VillageM is the distance in metres from the cell centre to the nearest
	// settlement; +Inf if there is none.
	VillageM float64
	// Proximity is the settlement factor (see the package doc).
	Proximity float64
	// Likelihood and Exposure are the Mixture model's factors (see the
	// package doc); 0 for KDE.
	Likelihood, Exposure float64
	// AreaM2 and GroundM2 are the scored area in the cell, grid and ground.
	AreaM2, GroundM2 float64
	// Names and Values are the extra factor columns of the cell
	// (Surface.FactorNames and their values).
	Names  []string
	Values []float64
}

// Value returns the extra factor called name, and whether there is one. It
// also knows "density", "village_m" and "proximity". Its cost is linear in
// the number of extra factors.
func (f Factors) Value(name string) (float64, bool) {
	switch name {
	case FactorDensity:
		return f.Density, true
	case FactorProximity:
		return f.Proximity, true
	case FactorLikelihood:
		return f.Likelihood, true
	case FactorExposure:
		return f.Exposure, true
	case "village_m":
		return f.VillageM, true
	}
	for i, n := range f.Names {
		if n == name {
			return f.Values[i], true
		}
	}
	return 0, false
}

// Model says how a hectare is scored. The zero value is the default model
// described in the package documentation; each zero field means the default
// it names. A Model is read, never changed, by Score and may be shared by
// goroutines.
type Model struct {
	// Kind is the incident model; the zero value is Mixture.
	Kind Kind

	// ShortBandwidthM and LongBandwidthM are the Mixture's two Gaussian
	// bandwidths in metres; zero means DefaultShortBandwidthM and
	// DefaultLongBandwidthM.
	ShortBandwidthM, LongBandwidthM float64
	// LongWeight is the long kernel's share of the Mixture, in (0, 1];
	// zero means DefaultLongWeight.
	LongWeight float64
	// RecencyYears is the Mixture's recency time constant τ in years: an
	// incident of age a (from Reference, in years of 365.25 days) weighs
	// exp(−a/τ); an undated incident, or one after Reference, weighs 1.
	// Zero means DefaultRecencyYears.
	RecencyYears float64
	// NearScaleM is the Mixture's nearness scale L in metres: the
	// likelihood is multiplied by exp(−d/L), d the distance to the nearest
	// incident. Zero means DefaultNearScaleM; a negative value turns the
	// factor off.
	NearScaleM float64

	// BandwidthM is the KDE kernel bandwidth h in metres; zero means
	// DefaultBandwidthM.
	BandwidthM float64
	// CutoffM is the KDE kernel cut-off in metres: incidents farther than
	// this from a cell centre do not count. Zero means
	// DefaultCutoffBandwidths·h.
	CutoffM float64

	// CasualtyWeight, if true, weights incident k by 1 + killed + injured.
	CasualtyWeight bool
	// HalfLifeYears, if positive, halves an incident's weight for every
	// HalfLifeYears of age, counted back from Reference in years of 365.25
	// days. An incident dated after Reference weighs as if it happened on
	// Reference (factor 1); an undated incident gets factor 1 too. Zero
	// means no recency weighting.
	HalfLifeYears float64
	// Reference is the date ages are counted from; zero means the latest
	// incident date in the data scored.
	Reference time.Time
	// DeviceWeights multiplies the weight of an incident by the weight of its
	// device; a device missing from the map (or a nil map) weighs 1.
	DeviceWeights map[geo.Device]float64

	// VillageScaleM is the proximity distance scale λ in metres; zero means
	// DefaultVillageScaleM.
	VillageScaleM float64
	// PopulationWeighted, if true, makes proximity the sum over settlements s
	// within PopulationRadiusScales·λ of pop_s · exp(−d_s/λ) instead of
	// exp(−village_m/λ).
	PopulationWeighted bool
	// PopulationUnknown is the population used for a settlement whose
	// population is unknown (negative); zero means 1.
	PopulationUnknown float64

	// Lines and Polygons add factors; see LineLayer and PolygonLayer. Layer
	// names must be distinct, non-empty, and differ from the built-in
	// column names.
	Lines    []LineLayer
	Polygons []PolygonLayer

	// Combination picks how factors combine; the zero value is Product.
	Combination Combination
	// Weights gives the factor weights of WeightedSum by factor name
	// ("density", "proximity", layer names); a missing name weighs 1.
	Weights map[string]float64
	// Func, if non-nil, replaces Combination: risk = Func(f) · area_m2 /
	// 10,000. It is called once per cell from several goroutines at once,
	// so it must be safe for concurrent use, and it must be deterministic
	// for the output to be.
	Func func(f Factors) float64
}

// reserved are the column names layers may not take.
var reserved = map[string]bool{
	"likelihood": true, "exposure": true, "i": true, "j": true, "area_m2": true, "density": true, "village_m": true, "risk": true,
	"ground_m2": true, "proximity": true, "lon": true, "lat": true, "x": true, "y": true, "hazards": true,
}

func finiteNonNeg(v float64) bool { return v >= 0 && !math.IsInf(v, 1) }

// Validate reports the first invalid setting, as an error wrapping ErrModel
// that names the field. Its cost is linear in the layers' sizes.
func (m *Model) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrModel, fmt.Sprintf(format, args...))
	}
	for _, f := range []struct {
		name string
		v    float64
	}{
		{"BandwidthM", m.BandwidthM}, {"CutoffM", m.CutoffM}, {"HalfLifeYears", m.HalfLifeYears},
		{"VillageScaleM", m.VillageScaleM}, {"PopulationUnknown", m.PopulationUnknown},
		{"ShortBandwidthM", m.ShortBandwidthM}, {"LongBandwidthM", m.LongBandwidthM},
		{"LongWeight", m.LongWeight}, {"RecencyYears", m.RecencyYears},
	} {
		if !finiteNonNeg(f.v) {
			return bad("%s is %v; want a finite value >= 0", f.name, f.v)
		}
	}
	for d, w := range m.DeviceWeights {
		if !finiteNonNeg(w) {
			return bad("DeviceWeights[%d] is %v; want a finite value >= 0", d, w)
		}
	}
	if m.Kind > KDE {
		return bad("Kind %d is unknown", m.Kind)
	}
	if m.LongWeight > 1 {
		return bad("LongWeight is %v; want a value in (0, 1]", m.LongWeight)
	}
	if math.IsNaN(m.NearScaleM) || math.IsInf(m.NearScaleM, 0) {
		return bad("NearScaleM is %v; want a finite value", m.NearScaleM)
	}
	if m.Combination > WeightedSum {
		return bad("Combination %d is unknown", m.Combination)
	}
	names := map[string]bool{}
	add := func(kind string, i int, name string) error {
		switch {
		case name == "":
			return bad("%s[%d].Name is empty", kind, i)
		case reserved[name] || names[name]:
			return bad("%s[%d].Name %q is taken", kind, i, name)
		}
		names[name] = true
		return nil
	}
	for i, l := range m.Lines {
		if err := add("Lines", i, l.Name); err != nil {
			return err
		}
		if reserved[l.Name+"_m"] || names[l.Name+"_m"] {
			return bad("Lines[%d].Name %q: column %q is taken", i, l.Name, l.Name+"_m")
		}
		names[l.Name+"_m"] = true
		if !finiteNonNeg(l.ScaleM) {
			return bad("Lines[%d].ScaleM is %v; want a finite value >= 0", i, l.ScaleM)
		}
		for a, pl := range l.Lines {
			for b, p := range pl {
				if math.IsNaN(p.X+p.Y) || math.IsInf(p.X+p.Y, 0) {
					return bad("Lines[%d].Lines[%d][%d] is not finite", i, a, b)
				}
			}
		}
	}
	for i, l := range m.Polygons {
		if err := add("Polygons", i, l.Name); err != nil {
			return err
		}
		if len(l.Weights) != len(l.Polygons) {
			return bad("Polygons[%d]: %d weights for %d polygons", i, len(l.Weights), len(l.Polygons))
		}
		for k, w := range l.Weights {
			if math.IsNaN(w) || math.IsInf(w, 0) {
				return bad("Polygons[%d].Weights[%d] is %v", i, k, w)
			}
		}
		if math.IsNaN(l.Outside) || math.IsInf(l.Outside, 0) {
			return bad("Polygons[%d].Outside is %v", i, l.Outside)
		}
	}
	for name, w := range m.Weights {
		builtin := name == FactorDensity || name == FactorProximity
		if m.Kind == Mixture {
			builtin = name == FactorLikelihood || name == FactorExposure
		}
		if !builtin && !names[name] || isLineDistance(name, m) {
			return bad("Weights[%q] names no combinable factor", name)
		}
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return bad("Weights[%q] is %v", name, w)
		}
	}
	return nil
}

// isLineDistance reports whether name is the distance column of a line
// layer, which is kept for explanation but not combined.
func isLineDistance(name string, m *Model) bool {
	for _, l := range m.Lines {
		if name == l.Name+"_m" {
			return true
		}
	}
	return false
}

// WithDefaults returns a copy of m with every zero parameter that has a
// default set to it: BandwidthM to DefaultBandwidthM, CutoffM to
// DefaultCutoffBandwidths × the bandwidth, VillageScaleM to
// DefaultVillageScaleM, PopulationUnknown to 1, and the Mixture's
// ShortBandwidthM, LongBandwidthM, LongWeight, RecencyYears and NearScaleM
// to their defaults (a KDE model keeps them as they are). Scoring with the copy
// gives the same surface as scoring with m; reports read the parameters a
// surface was scored with from it (Surface.Model.WithDefaults()). Layers,
// maps and Func are shared with m, not copied. Cost O(1).
func (m *Model) WithDefaults() Model {
	r := *m
	if r.BandwidthM == 0 {
		r.BandwidthM = DefaultBandwidthM
	}
	if r.CutoffM == 0 {
		r.CutoffM = DefaultCutoffBandwidths * r.BandwidthM
	}
	if r.VillageScaleM == 0 {
		r.VillageScaleM = DefaultVillageScaleM
	}
	if r.PopulationUnknown == 0 {
		r.PopulationUnknown = 1
	}
	if r.Kind == Mixture {
		if r.ShortBandwidthM == 0 {
			r.ShortBandwidthM = DefaultShortBandwidthM
		}
		if r.LongBandwidthM == 0 {
			r.LongBandwidthM = DefaultLongBandwidthM
		}
		if r.LongWeight == 0 {
			r.LongWeight = DefaultLongWeight
		}
		if r.RecencyYears == 0 {
			r.RecencyYears = DefaultRecencyYears
		}
		if r.NearScaleM == 0 {
			r.NearScaleM = DefaultNearScaleM
		}
	}
	return r
}

// params is a Model with its defaults resolved.
type params struct {
	h, cutoff, lambda, popUnknown float64
	// Mixture: bandwidths, shares, recency and nearness scale (≤ 0: off).
	hS, hL, piS, piL, tau, near float64
}

func (m *Model) params() params {
	r := m.WithDefaults()
	return params{h: r.BandwidthM, cutoff: r.CutoffM, lambda: r.VillageScaleM, popUnknown: r.PopulationUnknown,
		hS: r.ShortBandwidthM, hL: r.LongBandwidthM, piS: 1 - r.LongWeight, piL: r.LongWeight,
		tau: r.RecencyYears, near: r.NearScaleM}
}

// needsIncidentAttrs reports whether incident weights read the source.
func (m *Model) needsIncidentAttrs() bool {
	return m.CasualtyWeight || (m.Kind == KDE && m.HalfLifeYears > 0) || len(m.DeviceWeights) > 0
}

// IncidentWeights returns w_k for every incident of p, index-aligned with
// p.Incidents: 1, times 1+killed+injured with CasualtyWeight, times
// 0.5^(age/HalfLifeYears) with a half-life (KDE) or exp(−age/RecencyYears)
// (Mixture, when p.Source holds the dates; 1 otherwise), times the device
// weight. It
// returns an error wrapping ErrSource if a setting needs the incidents'
// attributes and p.Source does not hold them aligned, or ErrModel if the
// model is invalid. Its cost is linear in the incidents.
func (m *Model) IncidentWeights(p *geo.Projected) ([]float64, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return m.incidentWeights(p)
}

func (m *Model) incidentWeights(p *geo.Projected) ([]float64, error) {
	w := make([]float64, len(p.Incidents))
	for k := range w {
		w[k] = 1
	}
	aligned := p.Source != nil && len(p.Source.Incidents) == len(p.Incidents)
	if m.Kind == Mixture && aligned {
		m.recencyWeights(p.Source.Incidents, w)
	}
	if !m.needsIncidentAttrs() {
		return w, nil
	}
	if !aligned {
		return nil, ErrSource
	}
	inc := p.Source.Incidents
	ref := m.Reference
	if m.HalfLifeYears > 0 && ref.IsZero() {
		for _, in := range inc {
			if in.Date.After(ref) {
				ref = in.Date
			}
		}
	}
	for k, in := range inc {
		if m.CasualtyWeight {
			w[k] *= float64(1 + max(in.Killed, 0) + max(in.Injured, 0))
		}
		if m.Kind == KDE && m.HalfLifeYears > 0 && !in.Date.IsZero() && in.Date.Before(ref) {
			// time.Duration saturates beyond 292 years, far past any half-life.
			age := ref.Sub(in.Date).Hours() / yearH
			w[k] *= math.Pow(0.5, age/m.HalfLifeYears)
		}
		if dw, ok := m.DeviceWeights[in.Device]; ok {
			w[k] *= dw
		}
	}
	return w, nil
}

// yearH is a year of 365.25 days in hours.
const yearH = 365.25 * 24

// reference returns the date ages are counted from: m.Reference, or the
// latest incident date (zero if none is dated).
func (m *Model) reference(inc []geo.Incident) time.Time {
	ref := m.Reference
	if ref.IsZero() {
		for _, in := range inc {
			if in.Date.After(ref) {
				ref = in.Date
			}
		}
	}
	return ref
}

// recencyWeights multiplies w[k] by exp(−age_k/τ).
func (m *Model) recencyWeights(inc []geo.Incident, w []float64) {
	tau := m.params().tau
	ref := m.reference(inc)
	for k, in := range inc {
		if !in.Date.IsZero() && in.Date.Before(ref) {
			w[k] *= math.Exp(-ref.Sub(in.Date).Hours() / yearH / tau)
		}
	}
}

// historyYears returns T, the span of the history in years: from the
// oldest dated incident to the reference, plus one year (dates are often
// known to the year only); 1 if no incident is dated.
func (m *Model) historyYears(p *geo.Projected) float64 {
	if p.Source == nil || len(p.Source.Incidents) != len(p.Incidents) {
		return 1
	}
	inc := p.Source.Incidents
	ref := m.reference(inc)
	t := 0.0
	for _, in := range inc {
		if !in.Date.IsZero() && in.Date.Before(ref) {
			t = max(t, ref.Sub(in.Date).Hours()/yearH)
		}
	}
	return t + 1
}
