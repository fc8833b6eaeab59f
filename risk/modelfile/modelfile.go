package modelfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/risk"
)

// Format is the value of a model file's "format" field.
const Format = "clearance-risk-model/1"

// MaxSize is the largest model file Read accepts, in bytes.
const MaxSize = 4 << 20

// File is a model file.
type File struct {
	Format string `json:"format"`
	Kind   string `json:"kind"`
	// Mixture parameters.
	ShortBandwidthM float64 `json:"short_bandwidth_m,omitempty"`
	LongBandwidthM  float64 `json:"long_bandwidth_m,omitempty"`
	LongWeight      float64 `json:"long_weight,omitempty"`
	RecencyYears    float64 `json:"recency_years,omitempty"`
	NearScaleM      float64 `json:"near_scale_m,omitempty"`
	// KDE parameters.
	BandwidthM float64 `json:"bandwidth_m,omitempty"`
	CutoffM    float64 `json:"cutoff_m,omitempty"`
	// Both.
	VillageScaleM float64 `json:"village_scale_m,omitempty"`
	// Fit says how the model was chosen; nil if it was not fitted.
	Fit *Fit `json:"fit,omitempty"`
}

// Fit is risk.Fitted as written to the file.
type Fit struct {
	Method     string      `json:"method"`
	Early      int         `json:"early"`
	Shrink     float64     `json:"shrink"`
	Folds      []Fold      `json:"folds"`
	Best       int         `json:"best"`
	Candidates []Candidate `json:"candidates"`
}

// Fold is a rolling origin of the fit (dates as YYYY-MM-DD).
type Fold struct {
	Origin  string `json:"origin"`
	End     string `json:"end"`
	Earlier int    `json:"earlier"`
	Later   int    `json:"later"`
}

// Candidate is a model of the fit's family and its validation scores
// (capture at the top 1, 5, 10 and 20% of the area; AUC null if unknown).
type Candidate struct {
	ShortBandwidthM float64   `json:"short_bandwidth_m"`
	LongBandwidthM  float64   `json:"long_bandwidth_m"`
	LongWeight      float64   `json:"long_weight"`
	RecencyYears    float64   `json:"recency_years"`
	NearScaleM      float64   `json:"near_scale_m"`
	Capture         []float64 `json:"capture"`
	AUC             *float64  `json:"auc"`
	Score           float64   `json:"score"`
}

// FromModel returns the file of model m (its parameters with their
// defaults resolved) and, if f is not nil, of how it was fitted. It returns
// an error wrapping risk.ErrModel if m cannot be written: a user Func,
// layers, weights or settings other than the kind's parameters and
// VillageScaleM.
func FromModel(m risk.Model, f *risk.Fitted) (*File, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if m.Func != nil || len(m.Lines)+len(m.Polygons) > 0 || m.Combination != risk.Product || len(m.Weights) > 0 ||
		m.CasualtyWeight || m.HalfLifeYears != 0 || len(m.DeviceWeights) > 0 || m.PopulationWeighted || !m.Reference.IsZero() {
		return nil, fmt.Errorf("%w: a model file holds the kind's parameters and village_scale_m only", risk.ErrModel)
	}
	d := m.WithDefaults()
	out := &File{Format: Format, Kind: m.Kind.String(), VillageScaleM: d.VillageScaleM}
	if m.Kind == risk.KDE {
		out.BandwidthM, out.CutoffM = d.BandwidthM, d.CutoffM
	} else {
		out.ShortBandwidthM, out.LongBandwidthM, out.LongWeight = d.ShortBandwidthM, d.LongBandwidthM, d.LongWeight
		out.RecencyYears, out.NearScaleM = d.RecencyYears, d.NearScaleM
	}
	if f != nil {
		out.Fit = &Fit{Method: f.Method, Early: f.Early, Shrink: f.Shrink, Best: f.Best}
		for _, fo := range f.Folds {
			out.Fit.Folds = append(out.Fit.Folds, Fold{Origin: fo.Origin.Format(time.DateOnly), End: fo.End.Format(time.DateOnly),
				Earlier: fo.Earlier, Later: fo.Later})
		}
		for _, c := range f.Candidates {
			fc := Candidate{ShortBandwidthM: c.ShortBandwidthM, LongBandwidthM: c.LongBandwidthM, LongWeight: c.LongWeight,
				RecencyYears: c.RecencyYears, NearScaleM: c.NearScaleM, Capture: c.Capture, Score: c.Score}
			if !math.IsNaN(c.AUC) {
				a := c.AUC
				fc.AUC = &a
			}
			out.Fit.Candidates = append(out.Fit.Candidates, fc)
		}
	}
	return out, nil
}

// Write writes f as indented JSON. Cost O(candidates).
func Write(w io.Writer, f *File) error {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// Model returns the model the file describes. It does not check it: Read
// has.
func (f *File) Model() risk.Model {
	if f.Kind == "kde" {
		return risk.Model{Kind: risk.KDE, BandwidthM: f.BandwidthM, CutoffM: f.CutoffM, VillageScaleM: f.VillageScaleM}
	}
	return risk.Model{ShortBandwidthM: f.ShortBandwidthM, LongBandwidthM: f.LongBandwidthM, LongWeight: f.LongWeight,
		RecencyYears: f.RecencyYears, NearScaleM: f.NearScaleM, VillageScaleM: f.VillageScaleM}
}

// Read decodes a model file read from r, named file in errors. Problems of
// the model's fields are [*geo.FeatureError]s (noun "model", the field
// named) wrapping risk.ErrModel, all gathered in a [*geo.FileError]; JSON
// that cannot be decoded, or a file over MaxSize, is one such error too.
// The "fit" object is decoded but not checked beyond its JSON types.
// Cost O(file size).
func Read(r io.Reader, file string) (*File, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var errs []*geo.FeatureError
	add := func(field string, err error) {
		errs = append(errs, &geo.FeatureError{File: file, Noun: "model", Index: -1, Field: field, Err: err})
	}
	fail := func() error { return &geo.FileError{File: file, Errs: errs} }
	if len(data) > MaxSize {
		add("", fmt.Errorf("%w: larger than %d bytes", risk.ErrModel, MaxSize))
		return nil, fail()
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	f := &File{}
	if err := dec.Decode(f); err != nil {
		add("", fmt.Errorf("%w: %v", risk.ErrModel, err))
		return nil, fail()
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		add("", fmt.Errorf("%w: data after the model object", risk.ErrModel))
		return nil, fail()
	}
	bad := func(field, format string, args ...any) {
		add(field, fmt.Errorf("%w: %s", risk.ErrModel, fmt.Sprintf(format, args...)))
	}
	if f.Format != Format {
		bad("format", "is %q; want %q", f.Format, Format)
	}
	positive := func(field string, v float64, required bool) {
		switch {
		case v == 0 && required:
			bad(field, "is missing or 0; want a positive number of metres or years")
		case v < 0 || math.IsNaN(v) || math.IsInf(v, 0):
			bad(field, "is %v; want a positive finite number", v)
		}
	}
	switch f.Kind {
	case "mixture":
		positive("short_bandwidth_m", f.ShortBandwidthM, true)
		positive("long_bandwidth_m", f.LongBandwidthM, true)
		positive("recency_years", f.RecencyYears, true)
		if !(f.LongWeight > 0 && f.LongWeight <= 1) {
			bad("long_weight", "is %v; want a share in (0, 1]", f.LongWeight)
		}
		if f.NearScaleM == 0 {
			bad("near_scale_m", "is missing or 0; want metres, or -1 for no nearness factor")
		}
		if f.BandwidthM != 0 || f.CutoffM != 0 {
			bad("bandwidth_m", "belongs to a kde model, not a mixture")
		}
	case "kde":
		positive("bandwidth_m", f.BandwidthM, true)
		positive("cutoff_m", f.CutoffM, true)
		if f.ShortBandwidthM != 0 || f.LongBandwidthM != 0 || f.LongWeight != 0 || f.RecencyYears != 0 || f.NearScaleM != 0 {
			bad("kind", "a kde model has bandwidth_m and cutoff_m, not the mixture's parameters")
		}
	default:
		bad("kind", "is %q; want \"mixture\" or \"kde\"", f.Kind)
	}
	positive("village_scale_m", f.VillageScaleM, false)
	if len(errs) == 0 {
		m := f.Model()
		if err := m.Validate(); err != nil {
			add("", err)
		}
	}
	if len(errs) > 0 {
		return nil, fail()
	}
	return f, nil
}
