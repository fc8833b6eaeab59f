// Package report writes a land release plan as the files people read: a
// schedule CSV for operations officers, priorities as CSV and as WGS84
// GeoJSON for GIS analysts (QGIS, geojson.io), the priorities as KML or KMZ
// for Google Earth, one KMZ per team whose time spans let Google Earth's
// time slider play the team's jobs and one GPX of waypoints per team for
// handheld GPS, a PNG risk map, a PNG burn-down chart and a one-page
// summary.md for a reader at the authority, with the [Warnings] a reader
// must not miss. [WriteAll] writes them all into a folder.
//
// # National scale
//
// Every writer streams: KML and GeoJSON go out feature by feature through
// a buffered writer, never as a tree or one growing buffer, and WriteAll
// writes each file to a temporary file renamed into place. So that no file
// reaches 100 MB on a national plan (tens of thousands of units, hundreds
// of teams), the team jobs go into one file per team, the priorities' KML
// is zipped (KMZ), and the GeoJSON is split by rank when it would pass the
// bound; the summary says what was split.
//
// # Synthetic data
//
// Data whose hazards or incidents carry a property "synthetic" set to true
// (or SummaryInput.Synthetic) is marked in every file WriteAll writes: a
// "synthetic" column in the CSVs, a "synthetic" property in the GeoJSON,
// the KML and GPX descriptions, the PNGs' titles and the summary.
//
// # Images
//
// [RiskMapPNG] draws the hectares' risk per hectare as a gonum/plot heat
// map (rasterised, so no seams between cells) with the hazards' outlines,
// the settlements' names, a colour bar and axes in kilometres of the
// projection, at an equal scale on both axes. [BurndownPNG] draws the
// contaminated area and the residual risk left at the end of each month,
// both as a share of the start.
//
// # Determinism
//
// Every text writer gives the same bytes for the same input: rows and
// features in a fixed order (plan job order, priority rank), property names
// in a fixed order, numbers with a fixed number of decimals. The PNG
// writers are deterministic on one machine (the same bytes twice in a row);
// font rasterisation may differ between builds of the font libraries, so
// tests compare images by their content, not their bytes.
//
// # Numbers and dates
//
// Numbers are written with fixed decimals ('f' format, never an exponent),
// chosen per column for the precision the value carries:
//
//	area_m2, released_m2             1 decimal   (0.1 m²)
//	area_ha                          4 decimals  (1 m²)
//	start_day, end_day, travel_days  3 decimals  (about 1.5 minutes of a working day)
//	relocation_days                  3 decimals
//	risk, score                      6 significant digits, fixed notation
//	nearest_settlement_km            3 decimals  (1 m)
//	lon, lat                         7 decimals  (about 1 cm)
//
// Dates are ISO 8601 calendar dates (2006-01-02) in the plan's location. A
// start date is the day work begins; an end or release date is the last
// day of work: a job that ends exactly at midnight ended the day before.
//
// # Colours by rank
//
// Priorities are coloured by rank band, in GeoJSON (simplestyle-spec keys
// fill, fill-opacity 0.5, stroke, stroke-width 3 for the top band and 1
// otherwise, title, description, and a "band" property for QGIS
// categorised styles) and in KML (shared styles band0 to band2): with n
// priorities, ranks 1 to ⌈0.1·n⌉ are "top 10%" (red, #e31a1c), the ranks up
// to ⌈0.3·n⌉ "next 20%" (orange, #fd8d3c), the rest "rest" (yellow,
// #fecc5c).
//
// # Geometry
//
// A unit made of whole hazards (Unit.Block false) is drawn with its hazards'
// lon/lat polygons (Source.Hazards[h].Geometry for h in Unit.Hazards, in
// that order; overlapping hazards overlap). A block unit (Unit.Block true)
// is drawn as the outline of its grid cells (Unit.Cells): the boundary of
// the set of cell squares is traced on the grid into shells and holes, every
// ring simple (two cells touching only at a corner give two polygons
// touching at a point; two holes touching at a corner stay two holes),
// collinear corners are dropped, and each corner is inverse-projected with
// the surface's projection. A unit with neither (or without a surface) is
// drawn as a point at its centre (Unit.LonLat); no unit is left out.
//
// # Errors
//
// Inconsistent input (a priority whose unit index is out of range, a plan
// whose units do not match the units given) is reported as an error that
// says which record; the writers' I/O errors are returned as they are.
package report
