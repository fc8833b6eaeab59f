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
// [DecodeKMZ] and [WriteKMZ] read and write KMZ, a zip holding a KML
// document: the root doc.kml and the documents it links to inside the
// archive (GDAL's LIBKML driver writes each layer to layers/NAME.kml).
//
// Dates in GDAL's form (2023/05/30) are read as geo.ParseDate reads them,
// and lists of strings as GDAL writes them ("(2:a,b)"), see
// feature.Schema.
package kml
