// Package geojson reads and writes RFC 7946 GeoJSON FeatureCollections.
//
// [Decode] turns a file into geo/feature's features, each position checked
// (2 or 3 numbers, finite, in range); the feature package maps them to
// hazards, incidents, settlements or an area with a schema. [Write] writes
// any feature.Layer, one feature per line.
//
// # Adding a format
//
// A format is a package beside this one with the same two functions:
// Decode(r io.Reader, file string) ([]feature.Feature, error), which
// reports a broken file as an error naming it and a bad feature in the
// feature's Problems, and Write(w io.Writer, l *feature.Layer) error. Then
// a case in geo/dataset's Format switch reads and writes it by extension,
// and a fuzz target feeds its decoder arbitrary bytes.
package geojson
