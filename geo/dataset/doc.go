// Package dataset reads a planning job's layers by file extension or URL
// scheme, each with its format's package, and maps them to the geo model
// with geo/feature, reporting every problem of every file in one call. It
// also writes a feature.Layer the same way.
//
// Formats, read and written:
//
//	GeoJSON     .geojson .json   read, write   package geojson
//	KML         .kml             read, write   package kml
//	KMZ         .kmz             read, write   package kml
//	CSV         .csv             read, write   package csv (points in lat/lon columns, points and polygons in a WKT column)
//	GeoPackage  .gpkg            read, write   package gpkg (file.gpkg?layer=NAME names a table)
//	Shapefile   .shp             read          package shp (with .dbf, .shx, .prj, .cpg beside it)
//	PostGIS     postgres://...   read, write   package postgis (?table=schema.name or ?query=SELECT...)
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
