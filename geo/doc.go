// Package geo reads, validates, projects, grids and indexes the layers a mine
// action plan stands on: hazardous areas (SHA and CHA polygons), incidents
// (points), settlements (points) and an optional area of interest.
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
// Read a layer (GeoJSON, KML or CSV), which validates every feature and
// reports every problem with the file, feature index, id and field; put the
// layers in a [Dataset]; project it with a UTM zone (picked from the data or
// named by the user); cover the projected hazards with a hectare [Grid]; and
// query them through an [Index].
package geo
