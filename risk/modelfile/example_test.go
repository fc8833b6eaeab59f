package modelfile_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/landrelease/clearance/risk"
	"github.com/landrelease/clearance/risk/modelfile"
)

// Write the default model to a file and read it back.
func Example() {
	f, err := modelfile.FromModel(risk.Model{}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	var b strings.Builder
	if err := modelfile.Write(&b, f); err != nil {
		fmt.Println(err)
		return
	}
	os.Stdout.WriteString(b.String())
	g, err := modelfile.Read(strings.NewReader(b.String()), "model.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	m := g.Model()
	fmt.Println(m.Kind, m.ShortBandwidthM, m.LongBandwidthM)
	_, err = modelfile.Read(strings.NewReader(`{"format":"clearance-risk-model/1","kind":"mixture","long_weight":2}`), "bad.json")
	fmt.Println(err)
	// Output:
	// {
	//   "format": "clearance-risk-model/1",
	//   "kind": "mixture",
	//   "short_bandwidth_m": 500,
	//   "long_bandwidth_m": 5000,
	//   "long_weight": 0.5,
	//   "recency_years": 3,
	//   "near_scale_m": 3000,
	//   "village_scale_m": 2000
	// }
	// mixture 500 5000
	// bad.json: 5 problems
	// 	bad.json: short_bandwidth_m: risk: invalid model: is missing or 0; want a positive number of metres or years
	// 	bad.json: long_bandwidth_m: risk: invalid model: is missing or 0; want a positive number of metres or years
	// 	bad.json: recency_years: risk: invalid model: is missing or 0; want a positive number of metres or years
	// 	bad.json: long_weight: risk: invalid model: is 2; want a share in (0, 1]
	// 	bad.json: near_scale_m: risk: invalid model: is missing or 0; want metres, or -1 for no nearness factor
}
