// Package feature is the room every file format shares: what a decoder
// reads and what a writer writes, apart from any one format.
//
// Reading: a format's Decode (packages geojson, kml, csv) returns a
// [Feature] per feature of the file, with its WGS84 geometry already
// checked position by position, its properties, and the problems it
// found. [Hazards], [Incidents], [Settlements] and [Area] map features to
// the geo model through a [Schema] of property names, validate and
// normalise the geometry (geo.NormalizeMultiPolygon), and report every
// problem as a *geo.FeatureError gathered in a *geo.FileError, keeping
// every good feature. Nothing is dropped silently.
//
// Writing: a [Layer] is a name, a geometry kind, ordered [Column]s and its
// rows as a stream (an iter.Seq2 of geometry and values), so that a writer
// of any format (and later a database) can write a large layer without
// holding it. [HazardLayer], [IncidentLayer] and [SettlementLayer] build
// the layers whose files the readers read back to equal data.
//
// # Adding a format
//
// A format package decodes into []Feature (Index, Line if known, ID or
// FallbackID, Geometry as orb.Point, orb.Polygon or orb.MultiPolygon with
// every position checked by geo.ValidatePoint, GeometryType, Properties,
// and Fail/Warn for problems by field), and writes a *Layer, honouring the
// ID and Label columns as its format allows. See package geojson.
package feature
