// Package dataset reads a planning job's layers by file extension, each
// with its format's package, and maps them to the geo model with
// geo/feature, reporting every problem of every file in one call. It also
// writes a feature.Layer to a file by extension.
//
// # Adding a format
//
// Write the format's package (see package geojson), add a Format constant,
// its extensions to FormatOf, and one case to each of the decode and
// encode switches in this package. A format that needs more than a stream
// (GeoPackage, Shapefile with its sidecar files) gets the fs.FS and the
// path in its case; a database (a postgres:// URL) is recognised by
// FormatOf before the extension is looked at.
package dataset
