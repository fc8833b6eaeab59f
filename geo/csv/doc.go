// Package csv reads and writes points and polygons as comma-separated
// values.
//
// The first row is a header. The geometry comes from a WKT column, named
// wkt, geometry, geom, the_geom, wkt_geom or shape (in any case; the first
// present in that order), holding a POINT, POLYGON or MULTIPOLYGON in WGS84
// lon/lat (GDAL writes one with ogr2ogr -lco GEOMETRY=AS_WKT); other WKT
// types give their type name only, which no layer takes. Without a WKT
// column, latitude and longitude columns are recognised by name, in any
// case, after trimming spaces: latitude/longitude, lat/lon, lat/lng,
// lat/long or y/x, the first pair present in that order (geographic
// degrees only; projected easting/northing columns are not recognised).
// Every other column is a property, a string that the feature package
// parses only where its schema maps it. Coordinates are decimal numbers:
// an exponent is allowed; hexadecimal, "_" separators, NaN and infinities
// are not.
//
// Files as spreadsheets write them where the decimal separator is a comma
// are read too: when the header has more semicolons than commas the file
// is taken as separated by semicolons, and a coordinate with one comma and
// no point has its comma read as the decimal point ("40,15" is 40.15); the
// first feature gets a warning that says so. A UTF-8 byte-order mark and
// CRLF line ends are accepted. Tab-separated files are not read.
package csv
