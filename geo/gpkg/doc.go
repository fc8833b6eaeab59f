// Package gpkg reads and writes OGC GeoPackage 1.3 feature layers over
// modernc.org/sqlite, a SQLite in pure Go (no cgo).
//
// [Read] decodes one feature table into geo/feature's features: the
// geometry column named by gpkg_geometry_columns, in GeoPackage binary (a
// "GP" header, with an optional envelope, around ISO WKB), turned into
// WGS84 lon/lat from the layer's spatial reference system (EPSG:4326, a
// WGS84 UTM zone EPSG:326xx/327xx or Web Mercator; another SRS is an
// error naming it); every other column but the integer primary key is a
// property (integers and reals as float64, as GeoJSON numbers are;
// BOOLEAN columns as bool; text, dates and date-times as strings; NULL is
// left out). Rows come in primary key order. [Layers] lists the feature
// tables of a file.
//
// [Write] writes a feature.Layer as a feature table of a GeoPackage,
// created if missing: a layer of the same name is replaced, and the whole
// layer is written in one transaction, so a failure leaves the file as it
// was. Geometries are stored in EPSG:4326, polygons as MULTIPOLYGON.
// Several layers can go in one file (the planner's plan -out plan.gpkg).
// QGIS and GDAL open the files; the ogrinfo reports of files written by
// the tests are in testdata/.
//
// No spatial index (the gpkg_rtree_index extension) is written: QGIS and
// GDAL read the layers without one, and build one on demand.
package gpkg
