// Package kml reads and writes OGC KML 2.2 documents.
//
// [Decode] turns the Placemarks of a document (Document and Folder nesting
// at any depth, in document order) into geo/feature's features. A
// Placemark's properties are its ExtendedData (Data name/value and
// SchemaData/SimpleData), plus <name> and <description> as the properties
// "name" and "description" unless ExtendedData has a property of that name
// (then they are kept under "kml_name" / "kml_description", with a
// warning). The Placemark's id attribute is the feature's FallbackID: its
// id when no id property is present. All values are text.
//
// [Write] writes any feature.Layer as one Document of Placemarks with
// go-kml, the module's one orb-to-KML adapter.
//
// KMZ (a zip holding a KML document and its files) is read and written by
// wrapping these two functions around the archive's doc.kml; see package
// geojson for how to add a format.
package kml
