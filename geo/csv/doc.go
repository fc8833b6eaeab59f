// Package csv reads and writes points as comma-separated values.
//
// The first row is a header. Latitude and longitude columns are recognised
// by name, in any case, after trimming spaces: latitude/longitude, lat/lon,
// lat/lng, lat/long or y/x, the first pair present in that order
// (geographic degrees only; projected easting/northing columns are not
// recognised). Every other column is a property, a string that the
// feature package parses only where its schema maps it. Coordinates are
// decimal numbers: an exponent is allowed; hexadecimal, "_" separators, NaN
// and infinities are not.
//
// CSV holds points only. A semicolon-separated variant and a WKT geometry
// column are not read yet; see package geojson for how to add a format.
package csv
