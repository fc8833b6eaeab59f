package crs

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/landrelease/clearance/geo"
)

const (
	esriWGS84 = `GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`
	esriUTM38 = `PROJCS["WGS_1984_UTM_Zone_38N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",45.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`
	ogcUTM38  = `PROJCS["WGS 84 / UTM zone 38N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",45],UNIT["metre",1],AUTHORITY["EPSG","32638"]]`
	pulkovo   = `GEOGCS["GCS_Pulkovo_1942",DATUM["D_Pulkovo_1942",SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`
	wrongCM   = `PROJCS["WGS_1984_UTM_Zone_38N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["Central_Meridian",39.0],UNIT["Meter",1.0]]`
	lambert   = `PROJCS["WGS_1984_Lambert",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],UNIT["Meter",1.0]]`
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // String() of the result; "" for an error
	}{
		{"EPSG:4326", "EPSG:4326"},
		{"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84"},
		{"urn:ogc:def:crs:EPSG::4326", "urn:ogc:def:crs:EPSG::4326"},
		{"OGC:CRS84", "OGC:CRS84"},
		{"http://www.opengis.net/def/crs/EPSG/0/4326", "http://www.opengis.net/def/crs/EPSG/0/4326"},
		{"urn:ogc:def:crs:EPSG::3857", "urn:ogc:def:crs:EPSG::3857 (Web Mercator)"},
		{"EPSG:900913", "EPSG:900913 (Web Mercator)"},
		{"epsg:32638", "epsg:32638 (UTM 38N)"},
		{"urn:ogc:def:crs:EPSG:6.6:32738", "urn:ogc:def:crs:EPSG:6.6:32738 (UTM 38S)"},
		{"EPSG:2154", ""},
		{"EPSG:32661", ""},
		{"EPSG:+4326", ""},
		{"EPSG:", ""},
		{"WGS84", ""},
		{"", ""},
	} {
		c, err := Parse(tc.in)
		switch {
		case tc.want == "" && !errors.Is(err, ErrUnsupported):
			t.Errorf("Parse(%q) = %v, %v; want ErrUnsupported", tc.in, c, err)
		case tc.want != "" && (err != nil || c.String() != tc.want):
			t.Errorf("Parse(%q) = %v, %v; want %s", tc.in, c, err, tc.want)
		}
	}
}

func TestFromWKT(t *testing.T) {
	for _, tc := range []struct {
		name, wkt, want, errHas string
	}{
		{"ESRI WGS84", esriWGS84, "GCS_WGS_1984", ""},
		{"ESRI UTM 38N", esriUTM38, "WGS_1984_UTM_Zone_38N (UTM 38N)", ""},
		{"OGC UTM 38N by authority", ogcUTM38, "WGS 84 / UTM zone 38N (EPSG:32638) (UTM 38N)", ""},
		{"Pulkovo", pulkovo, "", `"GCS_Pulkovo_1942": datum "D_Pulkovo_1942" is not WGS84`},
		{"UTM with a wrong meridian", wrongCM, "", "Central_Meridian is 39.0"},
		{"Lambert", lambert, "", `"WGS_1984_Lambert": not a UTM zone`},
		{"not WKT", "hello", "", "not well-known text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := FromWKT(tc.wkt)
			if tc.errHas != "" {
				if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), tc.errHas) {
					t.Fatalf("FromWKT = %v, %v; want ErrUnsupported with %q", c, err, tc.errHas)
				}
				return
			}
			if err != nil || c.String() != tc.want {
				t.Fatalf("FromWKT = %v, %v; want %s", c, err, tc.want)
			}
		})
	}
}

func TestLonLat(t *testing.T) {
	u := geo.NewUTM(geo.Zone{Number: 38})
	ll := geo.LonLat{Lon: 46.842, Lat: 40.158}
	xy := u.Forward(ll)
	c, _ := FromEPSG(32638)
	lon, lat := c.LonLat(xy.X, xy.Y)
	if math.Abs(lon-ll.Lon) > 1e-9 || math.Abs(lat-ll.Lat) > 1e-9 {
		t.Errorf("UTM inverse %v, %v; want %v", lon, lat, ll)
	}
	// Web Mercator of 46.842 E, 40.158 N (PROJ: echo 40.158 46.842 | cs2cs EPSG:4326 EPSG:3857 -f %.6f).
	m, _ := FromEPSG(3857)
	lon, lat = m.LonLat(5214427.587739, 4888929.043073)
	if math.Abs(lon-46.842) > 1e-8 || math.Abs(lat-40.158) > 1e-8 {
		t.Errorf("Web Mercator inverse %v, %v", lon, lat)
	}
	if lon, lat := WGS84.LonLat(1, 2); lon != 1 || lat != 2 {
		t.Errorf("WGS84 moved (1, 2) to (%v, %v)", lon, lat)
	}
}
