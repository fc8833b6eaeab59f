// Package postgis reads and writes layers in PostgreSQL with PostGIS,
// over github.com/jackc/pgx/v5 (pure Go).
//
// A layer is named by a URL: a PostgreSQL connection URL with one more
// query parameter, table or query, which this package strips before
// connecting:
//
//	postgres://user@host:5432/db?table=schema.name
//	postgres://user@host:5432/db?table=name&sslmode=disable
//	postgres://user@host:5432/db?query=SELECT+*+FROM+hazards+WHERE+status<>'closed'
//
// The other parameters, the password and the PG* environment variables
// are pgx's. [Read] reads a table (in primary key order) or a query (in its
// own order): the first geometry column is the geometry, turned into WGS84
// lon/lat on the server with ST_Transform(geom, 4326) whatever its SRID
// (SRID 0, unknown, is taken as lon/lat with a warning), sent as EWKB;
// every other column is a property (numbers as float64, as GeoJSON's are;
// booleans; text; dates as "2006-01-02"; time stamps in RFC 3339; arrays
// and JSON as JSON gives them; anything else as its text), except a
// single-column integer primary key named fid, ogc_fid, gid or objectid
// (the row numbers GDAL, shp2pgsql and ESRI add).
//
// [Write] writes a layer as a table with an identity primary key fid, a
// geometry column geom of type
// geometry(Point, 4326) or geometry(MultiPolygon, 4326), a GiST spatial
// index and a column per layer column, replacing any table of that name,
// in one transaction: a failure leaves the previous table as it was. Rows
// are streamed to the server with COPY, each geometry as hex EWKB.
package postgis
