// Package geo is the model and the geometry of the layers a mine action
// plan stands on: hazardous areas (SHA and CHA polygons), incidents
// (points), settlements (points) and an optional area of interest. It
// validates, projects, grids and indexes them; it reads no file.
//
// # Frames
//
// Two frames are kept apart by type. Geometry as read from files is WGS84
// longitude/latitude in degrees: [LonLat] for points and orb geometries
// (orb.Polygon, orb.MultiPolygon, whose orb.Point is [lon, lat] as in GeoJSON)
// for areas. Projected geometry is easting/northing in metres: [XY],
// [RingXY], [PolygonXY] and [MultiPolygonXY]. Only a [Projection] turns one
// into the other.
//
// # Flow
//
// Files are read by the packages below this one: geo/dataset reads a
// [Dataset] by file extension, each format's package (geo/geojson,
// geo/kml, geo/csv) decodes features, and geo/feature maps them to the
// model, reporting every problem as a [FeatureError] with the file,
// feature index, id and field. They call this package's validators:
// [ValidatePoint], [ValidatePolygon], [ValidateMultiPolygon] and
// [NormalizeMultiPolygon]. Then project the dataset with a UTM zone
// (picked from the data or named by the user); cover the projected
// hazards with a hectare [Grid]; and query them through an [Index].
package geo
