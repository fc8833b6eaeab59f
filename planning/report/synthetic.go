package report

import (
	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/risk"
)

// syntheticNote is the mark every report of synthetic data carries (the
// KML description, the PNGs' titles, the GeoJSON "synthetic" property and
// the CSVs' "synthetic" column say it shorter).
const syntheticNote = "Synthetic data: invented for testing and demonstration, not for operations."

// surfaceSynthetic reports whether the surface's source data is marked
// synthetic: a hazard or an incident with a property "synthetic" set to
// true. A nil surface, or one without a source, is not.
func surfaceSynthetic(s *risk.Surface) bool {
	if s == nil || s.Projected() == nil {
		return false
	}
	return datasetSynthetic(s.Projected().Source)
}

// datasetSynthetic reports whether a hazard or incident of d has a
// property "synthetic" set to true.
func datasetSynthetic(d *geo.Dataset) bool {
	if d == nil {
		return false
	}
	for _, h := range d.Hazards {
		if v, ok := h.Properties["synthetic"].(bool); ok && v {
			return true
		}
	}
	for _, x := range d.Incidents {
		if v, ok := x.Properties["synthetic"].(bool); ok && v {
			return true
		}
	}
	return false
}
