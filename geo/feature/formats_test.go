package feature_test

import (
	"fmt"
	"io"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/csv"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/geo/geojson"
	"github.com/landrelease/clearance/geo/kml"
	"github.com/paulmach/orb"
)

// The tests of this package read and write through the format packages,
// as users do: a file decoded by its format, mapped by this package.

type Format uint8

const (
	FormatGeoJSON Format = iota + 1
	FormatKML
	FormatCSV
)

func (f Format) String() string { return [...]string{"", "GeoJSON", "KML", "CSV"}[f] }

func decode(r io.Reader, file string, f Format, polygons bool) ([]feature.Feature, error) {
	switch f {
	case FormatGeoJSON:
		return geojson.Decode(r, file)
	case FormatKML:
		return kml.Decode(r, file)
	}
	if polygons {
		return nil, fmt.Errorf("%s: CSV holds points, not polygons: %w", file, feature.ErrGeometryType)
	}
	return csv.Decode(r, file)
}

func readHazards(r io.Reader, file string, f Format, opt *feature.Options) ([]geo.Hazard, []geo.Warning, error) {
	fs, err := decode(r, file, f, true)
	if err != nil {
		return nil, nil, err
	}
	return feature.Hazards(file, fs, opt)
}

func readIncidents(r io.Reader, file string, f Format, opt *feature.Options) ([]geo.Incident, []geo.Warning, error) {
	fs, err := decode(r, file, f, false)
	if err != nil {
		return nil, nil, err
	}
	return feature.Incidents(file, fs, opt)
}

func readSettlements(r io.Reader, file string, f Format, opt *feature.Options) ([]geo.Settlement, []geo.Warning, error) {
	fs, err := decode(r, file, f, false)
	if err != nil {
		return nil, nil, err
	}
	return feature.Settlements(file, fs, opt)
}

func readArea(r io.Reader, file string, f Format, opt *feature.Options) (orb.MultiPolygon, []geo.Warning, error) {
	fs, err := decode(r, file, f, true)
	if err != nil {
		return nil, nil, err
	}
	return feature.Area(file, fs, opt)
}

// write writes a layer, or returns the builder's error.
func write(w io.Writer, kml bool, l *feature.Layer, err error) error {
	if err != nil {
		return err
	}
	if kml {
		return writeKML(w, l)
	}
	return geojson.Write(w, l)
}

func writeKML(w io.Writer, l *feature.Layer) error { return kml.Write(w, l) }

func writeHazards(w io.Writer, kml bool, hs ...geo.Hazard) error {
	l, err := feature.HazardLayer(hs)
	return write(w, kml, l, err)
}

func writeIncidents(w io.Writer, kml bool, is ...geo.Incident) error {
	l, err := feature.IncidentLayer(is)
	return write(w, kml, l, err)
}

func writeSettlements(w io.Writer, kml bool, ss ...geo.Settlement) error {
	l, err := feature.SettlementLayer(ss)
	return write(w, kml, l, err)
}
