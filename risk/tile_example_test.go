package risk_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/landrelease/clearance/risk"
)

// Score a run as tiles of grid rows, each from its own inputs, as workers
// of a cluster would, and merge the tiles' CSVs: the bytes of the whole
// run's CSV.
func ExampleModel_Tiles() {
	p, err := tinyDataset().UTM("")
	if err != nil {
		fmt.Println(err)
		return
	}
	var m risk.Model
	tl, err := m.Tiles(p, nil, 2) // tiles of 2 rows of hectares
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d tiles of %d rows\n", len(tl.Tiles), tl.Rows)
	var merged bytes.Buffer
	mg := risk.NewCSVMerger(&merged)
	for _, tile := range tl.Tiles {
		in := tl.Input(p, tile) // the tile's hazards and incidents, every settlement
		var csv bytes.Buffer    // a worker's shard: a CSV of its own
		n, err := tl.WriteCSV(context.Background(), &csv, in, tile, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("tile %d, rows %d-%d: %d cells, hazards %d, incidents %d\n", tile.Index, tile.Row0, tile.Row1-1, n, len(in.Hazards), len(in.Incidents))
		if err := mg.Add(&csv); err != nil {
			fmt.Println(err)
			return
		}
	}
	mg.Flush()

	s, err := m.Score(context.Background(), p, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	var whole bytes.Buffer
	s.WriteCSV(&whole)
	fmt.Println("merged tiles = whole run:", bytes.Equal(merged.Bytes(), whole.Bytes()))
	// Output:
	// 4 tiles of 2 rows
	// tile 0, rows 44472-44473: 5 cells, hazards 1, incidents 2
	// tile 1, rows 44474-44475: 10 cells, hazards 1, incidents 2
	// tile 2, rows 44476-44477: 7 cells, hazards 1, incidents 2
	// tile 3, rows 44478-44479: 0 cells, hazards 1, incidents 2
	// merged tiles = whole run: true
}
