package geojson

import (
	"fmt"
	"io"
	"math"
	"os"

	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/internal/jsonscan"
)

// Decode reads an RFC 7946 FeatureCollection from r; file names the input
// in messages. Each feature's geometry is a Point, Polygon or MultiPolygon
// (with every position checked for size, finiteness and range) or, for
// LineString, MultiPoint, MultiLineString and GeometryCollection, only its
// type name, which no layer takes. The top-level "id" (a string or a
// number) is the feature's ID; properties keep their JSON types.
//
// A structural problem (blank input, not JSON, not a FeatureCollection, no
// "features" array) is an error naming the file and wrapping
// feature.ErrFormat (or geo.ErrEmpty), with no features. Problems of one
// feature are in its Problems. Decode reads r to the end; the whole file
// is held in memory. Cost O(file size).
func Decode(r io.Reader, file string) ([]feature.Feature, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return jsonscan.Decode(data, file)
}

// readAll is io.ReadAll with the buffer sized up front when r tells its
// length (bytes.Reader, strings.Reader, bytes.Buffer) or is a regular
// file, which spares copying a large file as the buffer grows.
func readAll(r io.Reader) ([]byte, error) {
	n := 512
	switch x := r.(type) {
	case interface{ Len() int }:
		n = x.Len() + 1 // +1: the last Read sees EOF without growing
	case *os.File:
		if fi, err := x.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() < math.MaxInt32 {
			n = int(fi.Size()) + 1
		}
	case interface{ Stat() (os.FileInfo, error) }:
		if fi, err := x.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() < math.MaxInt32 {
			n = int(fi.Size()) + 1
		}
	}
	b := make([]byte, 0, n)
	for {
		m, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+m]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}
