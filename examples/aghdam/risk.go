package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/internal/outfile"
	"github.com/landrelease/clearance/risk"
)

// topN is how many hectares and hazards the terminal lists.
const topN = 10

// papravendRadiusM is the neighbourhood of Papravend shown in the risk
// section.
const papravendRadiusM = 2000

// reportRisk prints the riskiest hectares and hazards of the surface (scored
// with the default model) and Papravend's neighbourhood, and writes
// risk.csv and risk.geojson into outDir.
func reportRisk(ctx context.Context, w io.Writer, s *risk.Surface, outDir string) ([]string, error) {
	p := s.Projected()
	areaM2, total := s.Total()
	fmt.Fprintf(w, "\nRisk (default model: incident likelihood, kernels of %d m and %d m with recency τ = %d years, × exposure %.1f + %.1f × settlement proximity, λ = %d m, × hazard km²)\n",
		risk.DefaultShortBandwidthM, risk.DefaultLongBandwidthM, risk.DefaultRecencyYears,
		risk.ExposureFloor, 1-risk.ExposureFloor, risk.DefaultVillageScaleM)
	fmt.Fprintf(w, "  %d hectare cells, %.1f ha scored, total risk %.4g\n", len(s.Cells), areaM2/1e4, total)

	fmt.Fprintf(w, "\n  The %d riskiest hectares\n", topN)
	for r, k := range s.Top(topN) {
		c := &s.Cells[k]
		ll := s.LonLat(k)
		fmt.Fprintf(w, "  %2d. cell (%d,%d) at %.5f N %.5f E  risk %.4g\n      %s\n",
			r+1, c.I, c.J, ll.Lat, ll.Lon, c.Risk, s.Explain(k))
	}

	fmt.Fprintf(w, "\n  The %d riskiest hazards (risk mass: the hazard's share of the risk of its hectares)\n", topN)
	fmt.Fprintf(w, "  %-4s %-8s %-4s %10s %10s %10s %10s\n", "rank", "id", "kind", "ha", "risk mass", "mean/ha", "peak")
	for r, h := range s.TopHazards(topN) {
		hs := &s.Hazards[h]
		fmt.Fprintf(w, "  %-4d %-8s %-4s %10.1f %10.4g %10.4g %10.4g\n",
			r+1, hs.ID, p.Source.Hazards[h].Kind, hs.AreaM2/1e4, hs.RiskMass, hs.MeanRisk, hs.PeakRisk)
	}

	// Papravend's neighbourhood: the scored hectares within 2 km.
	pi := slices.IndexFunc(p.Source.Settlements, func(s geo.Settlement) bool { return latinName(s) == "Papravend" })
	if pi >= 0 {
		c := p.Settlements[pi]
		var near []int
		for k := range s.Cells {
			m := s.Cells[k].Centre
			if math.Hypot(m.X-c.X, m.Y-c.Y) <= papravendRadiusM {
				near = append(near, k)
			}
		}
		slices.SortStableFunc(near, func(a, b int) int {
			if s.Cells[a].Risk != s.Cells[b].Risk {
				if s.Cells[a].Risk > s.Cells[b].Risk {
					return -1
				}
				return 1
			}
			return 0
		})
		var ha, rk float64
		for _, k := range near {
			ha += s.Cells[k].AreaM2 / 1e4
			rk += s.Cells[k].Risk
		}
		fmt.Fprintf(w, "\n  %s's neighbourhood (within %.0f km): %d hazardous hectare cells, %.1f ha, risk %.4g\n", p.Source.Settlements[pi].Name,
			papravendRadiusM/1000.0, len(near), ha, rk)
		for _, k := range near[:min(3, len(near))] {
			fmt.Fprintf(w, "    cell (%d,%d)  risk %.4g  %s\n", s.Cells[k].I, s.Cells[k].J, s.Cells[k].Risk, s.Explain(k))
		}
	}

	var paths []string
	for _, out := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{"risk.csv", s.WriteCSV},
		{"risk.geojson", s.WriteCellsGeoJSON},
	} {
		path := filepath.Join(outDir, out.name)
		if err := writeFile(ctx, path, out.write); err != nil {
			return nil, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// writeFile writes a file atomically (internal/outfile): a failed or
// interrupted write leaves no partial file. The error names the path.
func writeFile(ctx context.Context, path string, write func(io.Writer) error) error {
	return outfile.Write(ctx, path, write)
}
