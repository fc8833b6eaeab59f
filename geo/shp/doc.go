// Package shp reads ESRI Shapefiles, written against the ESRI Shapefile
// Technical Description (July 1998) and the dBASE III+ table format, in
// pure Go.
//
// A Shapefile is several files beside each other: the .shp (geometries),
// the .dbf (attributes, one record per shape), and optionally the .shx
// (record offsets: when present its record count must match), the .prj
// (the coordinate reference system, as well-known text) and the .cpg (the
// code page of the .dbf's text).
//
// Geometries: Point, Polygon and their Z and M variants (Z and M are
// checked to be finite and dropped). A polygon's rings are grouped as ESRI
// draws them: a clockwise ring is an outer ring, a counter-clockwise one a
// hole of the outer ring that holds it; rings are turned to RFC 7946's
// winding (outer counter-clockwise) as they are read, so a file that keeps
// ESRI's rule reads without warnings. One outer ring is a Polygon, several
// a MultiPolygon. A hole that no outer ring holds is kept as an outer ring,
// with a warning. PolyLine, MultiPoint and MultiPatch give their type name
// only, which no layer takes; a null shape has no geometry.
//
// Attributes: character fields as text (trailing spaces trimmed), numeric
// and float fields as float64 (blank is no value), logical fields as bool,
// dates (YYYYMMDD) as "YYYY-MM-DD" text. Text is decoded from the code page
// the .cpg names (UTF-8, a Windows or ISO 8859 code page, DOS 437/850/866),
// else the one the .dbf's language driver byte (LDID) gives; with neither,
// UTF-8 when the text is valid UTF-8, else Windows-1252 with a warning.
// Records marked deleted in the .dbf are skipped with their shapes, as
// GDAL does.
//
// The .prj must be WGS84 lon/lat, a WGS84 UTM zone or Web Mercator, whose
// coordinates are turned into WGS84 lon/lat; another CRS is an error naming
// it. Without a .prj, coordinates are taken as WGS84 lon/lat, with a
// warning.
package shp
