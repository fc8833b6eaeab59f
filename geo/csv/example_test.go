package csv_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/csv"
	"github.com/landrelease/clearance/geo/feature"
)

// Read incidents from CSV: the coordinate columns are found by name, every
// other column is a property the schema may map.
func ExampleDecode() {
	const src = "ID,Latitude,Longitude,Date,Injured,Device Type\nI1,40.158,46.842,2025-06-30,1,APM\n"
	feats, err := csv.Decode(strings.NewReader(src), "incidents.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	is, _, err := feature.Incidents("incidents.csv", feats, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	in := is[0]
	fmt.Println(in.ID, in.Date.Format("2006-01-02"), in.Injured, in.Device, in.Point)
	// Output: I1 2025-06-30 1 AP {46.842 40.158}
}

// Write incidents as CSV points.
func ExampleWrite() {
	l, err := feature.IncidentLayer([]geo.Incident{{ID: "I1", Killed: 1, Device: geo.DeviceAT, Point: geo.LonLat{Lon: 46.934, Lat: 39.989}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := csv.Write(os.Stdout, l); err != nil {
		fmt.Println(err)
	}
	// Output:
	// lat,lon,date,device,id,injured,killed
	// 39.989,46.934,,AT,I1,0,1
}
