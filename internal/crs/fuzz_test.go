package crs

import (
	"errors"
	"math"
	"testing"
)

// FuzzParse: Parse and FromWKT never panic, an error wraps ErrUnsupported,
// and a CRS they return turns finite metres into finite lon/lat or NaN,
// never a panic (WGS84 is the identity).
func FuzzParse(f *testing.F) {
	for _, s := range []string{"EPSG:4326", "urn:ogc:def:crs:EPSG::32638", "urn:ogc:def:crs:OGC:1.3:CRS84",
		"http://www.opengis.net/def/crs/EPSG/0/3857", "epsg:32738", "CRS:84", "EPSG:", "EPSG:99999999999999999999",
		esriWGS84, esriUTM38, ogcUTM38, pulkovo, wrongCM, lambert, `PROJCS["a",GEOGCS[`, `GEOGCS["x",AUTHORITY["EPSG","3857"]]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, parse := range []func(string) (CRS, error){Parse, FromWKT} {
			c, err := parse(s)
			if err != nil {
				if !errors.Is(err, ErrUnsupported) {
					t.Fatalf("%q: error %v does not wrap ErrUnsupported", s, err)
				}
				continue
			}
			if c.String() == "" {
				t.Fatalf("%q: a CRS without a name", s)
			}
			lon, lat := c.LonLat(500000, 4400000)
			if !c.IsWGS84() && !math.IsNaN(lon) && (math.Abs(lat) > 90 || math.IsInf(lon, 0)) {
				t.Fatalf("%q: (500000, 4400000) -> %v, %v", s, lon, lat)
			}
		}
	})
}
