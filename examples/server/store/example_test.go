package store_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/landrelease/clearance/examples/server/store"
)

func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "store")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	s, err := store.OpenSQLite(ctx, dir) // or store.OpenPostgres(ctx, "postgres://...")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	err = s.PutDataset(ctx, &store.Dataset{
		ID: "aghdam", Created: time.Now(), Counts: store.Counts{Hazards: 1},
		Files: []store.File{{Role: "hazards", Name: "hazards.geojson", Data: []byte(`{"type":"FeatureCollection","features":[]}`)}},
	})
	if err != nil {
		log.Fatal(err)
	}
	d, err := s.Dataset(ctx, "aghdam")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.ID, d.Files[0].Role, d.Files[0].Name, d.Files[0].Size)
	// Output: aghdam hazards hazards.geojson 42
}
