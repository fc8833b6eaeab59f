// Package modelfile reads and writes a risk model as a small JSON file: the
// model's kind and parameters and, for a model chosen by [risk.Fit], how it
// was chosen and the validation scores. planner fit writes one and
// planner score -model FILE.json reads it back.
//
// A file looks like this (the "fit" object is optional and only informs):
//
//	{
//	  "format": "clearance-risk-model/1",
//	  "kind": "mixture",
//	  "short_bandwidth_m": 500,
//	  "long_bandwidth_m": 5000,
//	  "long_weight": 0.5,
//	  "recency_years": 3,
//	  "near_scale_m": 3000,
//	  "fit": {"method": "...", "early": 154, "shrink": 0.61, "folds": [...],
//	          "best": 12, "candidates": [...]}
//	}
//
// A "kde" model has "bandwidth_m" and "cutoff_m" instead; "village_scale_m"
// is allowed for both. Every field of the model is checked on reading: a
// missing or bad value is a [*geo.FeatureError] naming the file and the
// field, wrapping [risk.ErrModel], gathered in a [*geo.FileError]; unknown
// fields are errors too, so a misspelt parameter is never silently left at
// its default.
package modelfile
