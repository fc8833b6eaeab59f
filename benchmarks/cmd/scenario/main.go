// Command scenario writes a seeded synthetic scenario of
// benchmarks/scenario to files, for the whole-process benchmarks: the
// planner is then run on them as a user runs it (see benchmarks/README.md
// and benchmarks/process.sh).
//
// Usage:
//
//	scenario -size national -seed 1 -out DIR
//
// It writes DIR/hazards.geojson, DIR/incidents.csv and DIR/villages.csv
// (scenario.WriteFiles), creating DIR if needed. Sizes: small, large,
// national, national-x0.25, national-x0.5 and country (the national
// scenario scaled by 15: about 15,000,000 ha in 30,000 polygons over about
// 900 × 950 km, a Ukraine-sized task). Every feature is synthetic.
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"

	"github.com/landrelease/clearance/benchmarks/scenario"
	"github.com/landrelease/clearance/geo"
)

// sizes are the scenarios by name.
var sizes = map[string]func(seed uint64) *geo.Dataset{
	"small":    scenario.Small,
	"large":    scenario.Large,
	"national": scenario.National,
	"national-x0.25": func(seed uint64) *geo.Dataset {
		return scenario.Generate(scenario.NationalConfig(seed).Scaled(0.25))
	},
	"national-x0.5": func(seed uint64) *geo.Dataset {
		return scenario.Generate(scenario.NationalConfig(seed).Scaled(0.5))
	},
	"country": func(seed uint64) *geo.Dataset {
		return scenario.Generate(scenario.NationalConfig(seed).Scaled(CountryScale))
	},
}

// CountryScale is the factor of the country scenario over the national one.
const CountryScale = 15

func main() {
	size := flag.String("size", "national", "scenario `name`: "+names())
	seed := flag.Uint64("seed", 1, "generator `seed`")
	out := flag.String("out", "", "output `directory` (required; created if missing)")
	flag.Parse()
	gen, ok := sizes[*size]
	if !ok || *out == "" || flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "scenario: want -size one of %s and -out DIR\n", names())
		os.Exit(2)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "scenario:", err)
		os.Exit(1)
	}
	if _, err := scenario.WriteFiles(*out, gen(*seed)); err != nil {
		fmt.Fprintln(os.Stderr, "scenario:", err)
		os.Exit(1)
	}
}

func names() string {
	var ns []string
	for n := range sizes {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	s := ""
	for i, n := range ns {
		if i > 0 {
			s += ", "
		}
		s += n
	}
	return s
}
