package kml_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/geo/kml"
)

// Read settlements from KML: the Placemark's <name> is the settlement's.
func ExampleDecode() {
	const src = `<kml><Document>
<Placemark><name>Papravənd</name><ExtendedData><Data name="population"><value>2173</value></Data></ExtendedData>
  <Point><coordinates>46.841667,40.158333</coordinates></Point></Placemark>
</Document></kml>`
	feats, err := kml.Decode(strings.NewReader(src), "villages.kml")
	if err != nil {
		fmt.Println(err)
		return
	}
	ss, _, err := feature.Settlements("villages.kml", feats, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ss[0].Name, ss[0].Population, ss[0].Point, "line", feats[0].Line)
	// Output: Papravənd 2173 {46.841667 40.158333} line 2
}

// Write a settlement as a KML Placemark named after it.
func ExampleWrite() {
	l, err := feature.SettlementLayer([]geo.Settlement{{Name: "Aghdam", Population: 28000, Point: geo.LonLat{Lon: 46.934, Lat: 39.989}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := kml.Write(os.Stdout, l); err != nil {
		fmt.Println(err)
	}
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <kml xmlns="http://www.opengis.net/kml/2.2">
	//   <Document>
	//     <name>settlements</name>
	//     <Placemark>
	//       <name>Aghdam</name>
	//       <ExtendedData>
	//         <Data name="population">
	//           <value>28000</value>
	//         </Data>
	//       </ExtendedData>
	//       <Point>
	//         <coordinates>46.934,39.989</coordinates>
	//       </Point>
	//     </Placemark>
	//   </Document>
	// </kml>
}
