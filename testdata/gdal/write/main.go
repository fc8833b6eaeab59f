// Command write writes the Aghdam hazards with the library's KMZ and CSV
// writers into the folder given, for check.sh to show GDAL.
package main

import (
	"context"
	"log"
	"os"
	"path/filepath"

	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/geo/feature"
)

func main() {
	ctx := context.Background()
	d, _, err := dataset.Read(ctx, dataset.Files{Hazards: "../aghdam/hazards.geojson"}, nil)
	if err != nil {
		log.Fatal(err)
	}
	l, err := feature.HazardLayer(d.Hazards)
	if err != nil {
		log.Fatal(err)
	}
	for _, name := range []string{"hazards.kmz", "hazards-wkt.csv"} {
		if err := dataset.Write(ctx, filepath.Join(os.Args[1], name), l); err != nil {
			log.Fatal(err)
		}
	}
}
