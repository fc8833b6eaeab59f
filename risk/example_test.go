package risk_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/risk"
	"github.com/paulmach/orb"
)

// tinyDataset is one square hazard near Papravend, two incidents and the
// village.
func tinyDataset() *geo.Dataset {
	sq := orb.Ring{{46.840, 40.162}, {46.844, 40.162}, {46.844, 40.165}, {46.840, 40.165}, {46.840, 40.162}}
	return &geo.Dataset{
		Hazards: []geo.Hazard{{ID: "SHA-014", Kind: geo.SHA, Status: geo.StatusOpen,
			Geometry: orb.MultiPolygon{{sq}}}},
		Incidents: []geo.Incident{
			{ID: "police officer", Date: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), Injured: 1,
				Device: geo.DeviceAP, Point: geo.LonLat{Lon: 46.842, Lat: 40.163}},
			{ID: "old", Date: time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC), Killed: 1,
				Device: geo.DeviceUXO, Point: geo.LonLat{Lon: 46.851, Lat: 40.170}},
		},
		Settlements: []geo.Settlement{{Name: "Papravend", Population: -1,
			Point: geo.LonLat{Lon: 46.842, Lat: 40.158}}},
	}
}

// Score the default model over a single hazard and print its riskiest
// hectares.
func ExampleModel_Score() {
	p, err := tinyDataset().UTM("")
	if err != nil {
		fmt.Println(err)
		return
	}
	var m risk.Model // the default model
	s, err := m.Score(context.Background(), p, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	area, total := s.Total()
	fmt.Printf("%d cells, %.2f ha, total risk %.3g\n", len(s.Cells), area/10000, total)
	for _, k := range s.Top(3) {
		c := s.Cells[k]
		fmt.Printf("cell %d,%d: %.2f ha, likelihood %.3f per km² a year, %.0f m from a village, risk %.3g\n",
			c.I, c.J, c.AreaM2/10000, c.Likelihood, c.VillageM, c.Risk)
	}
	fmt.Println(s.Explain(s.Top(1)[0]))
	h := s.Hazards[0]
	fmt.Printf("%s: %.2f ha, risk mass %.3g, %.3g per ha, %d cells\n", h.ID, h.AreaM2/10000, h.RiskMass, h.MeanRisk, h.Cells)
	// Output:
	// 22 cells, 11.35 ha, total risk 0.0105
	// cell 6568,44474: 1.00 ha, likelihood 0.130 per km² a year, 530 m from a village, risk 0.00103
	// cell 6569,44474: 1.00 ha, likelihood 0.127 per km² a year, 535 m from a village, risk 0.000998
	// cell 6568,44475: 1.00 ha, likelihood 0.128 per km² a year, 630 m from a village, risk 0.000968
	// likelihood 0.13 per km² a year (kernels 500 m and 5 km, recency 3 years; 2 incidents within 3 km, nearest 28 m, AP 2025-06-30; most from police officer (98%), old (2%)), 530 m from Papravend (proximity 0.767, exposure 0.79), 1.00 ha of SHA-014
	// SHA-014: 11.35 ha, risk mass 0.0105, 0.000926 per ha, 22 cells
}

// Write the scored cells as CSV.
func ExampleSurface_WriteCSV() {
	p, _ := tinyDataset().UTM("38N")
	s, err := (&risk.Model{CasualtyWeight: true}).Score(context.Background(), p, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	var b strings.Builder
	if err := s.WriteCSV(&b); err != nil {
		fmt.Println(err)
		return
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	fmt.Println(lines[0])
	fmt.Println(len(lines)-1, "rows; the first starts", strings.Join(strings.Split(lines[1], ",")[:2], ","))
	// Output:
	// i,j,area_m2,density,likelihood,village_m,risk,ground_m2,proximity,lon,lat,x,y,hazards
	// 22 rows; the first starts 6566,44473
}

// Backtest the default model: score with the incidents before 2024 and see
// where the later one fell.
func ExampleModel_Backtest() {
	p, err := tinyDataset().UTM("")
	if err != nil {
		fmt.Println(err)
		return
	}
	split := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	bt, err := (&risk.Model{}).Backtest(context.Background(), p, split, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(bt)
	// Output:
	// backtest split 2024-01-01: 1 earlier, 1 later (0 outside the scored cells), 0 undated
	// scored: 22 cells, 11.3 ha; 1 cell (1.0 ha) holds a later incident
	// ranking     top1%   top5%  top10%  top20%     AUC
	// model       0.000   0.000   0.000   0.000   0.326
	// uniform     0.010   0.050   0.100   0.200   0.500
	// distance    0.000   0.000   0.000   0.000   0.326
	// kde         0.000   0.000   0.000   0.000   0.326
	// short       0.000   0.000   0.000   0.000   0.326
	// long        0.000   0.000   0.000   0.000   0.326
	// 95% intervals of capture (bootstrap over the later incidents, 400 runs):
	// model       0.000-0.000   0.000-0.000   0.000-0.000   0.000-0.000
	// uniform     0.010-0.010   0.050-0.050   0.100-0.100   0.200-0.200
	// distance    0.000-0.000   0.000-0.000   0.000-0.000   0.000-0.000
	// kde         0.000-0.000   0.000-0.000   0.000-0.000   0.000-0.000
	// short       0.000-0.000   0.000-0.000   0.000-0.000   0.000-0.000
	// long        0.000-0.000   0.000-0.000   0.000-0.000   0.000-0.000
}

// Score and write in bands of grid rows, with memory for two bands: the
// same CSV as the whole surface's, and the same totals and per-hazard
// aggregates.
func ExampleModel_ScoreBands() {
	p, err := tinyDataset().UTM("")
	if err != nil {
		fmt.Println(err)
		return
	}
	var m risk.Model
	var b strings.Builder
	cs := risk.NewCSVStream(&b, &risk.CSVOptions{Lean: true})
	sum, err := m.ScoreBands(context.Background(), p, nil, cs.Write)
	if err == nil {
		err = cs.Flush()
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d cells in %d band, %.2f ha, total risk %.3f\n", sum.Cells, sum.Bands, sum.AreaM2/10000, sum.Risk)
	fmt.Printf("%s: risk mass %.3f\n", sum.Hazards[0].ID, sum.Hazards[0].RiskMass)
	lines := strings.Split(b.String(), "\n")
	fmt.Println(lines[0])
	fmt.Println(lines[1])
	// Output:
	// 22 cells in 1 band, 11.35 ha, total risk 0.011
	// SHA-014: risk mass 0.011
	// i,j,area_m2,density,likelihood,village_m,risk,hazards
	// 6566,44473,224.954270330846,0.287845753596216,0.106355621494447,484.540539574168,1.92922760048033e-05,SHA-014
}
