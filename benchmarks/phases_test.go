package benchmarks

// BenchmarkPhases times the phases of a national run one by one, in one
// process: read (geo/dataset, the three files, validated), project (UTM
// 38N), cover (geo.Grid.CoverUnion of the hazards), score (risk.Model.Score,
// which covers again: score-ms includes cover-ms), write (Surface.WriteCSV,
// every column, to a file in the temp dir, so the cost of the writes is
// counted). Each phase's time per op is reported as <phase>-ms, and the
// minor page faults it took (getrusage, Linux) as <phase>-faults. Run:
//
//	go test ./benchmarks/ -run '^$' -bench Phases -count 6 | tee /tmp/phases.txt
//	go tool benchstat /tmp/phases.txt

import (
	"bufio"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/landrelease/clearance/benchmarks/scenario"
	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/risk"
)

func BenchmarkPhases(b *testing.B) {
	for _, sz := range e2eSizes {
		if sz.name != "national" && sz.name != "large" {
			continue
		}
		b.Run(sz.name, func(b *testing.B) {
			dir := b.TempDir()
			files, err := scenario.WriteFiles(dir, sz.gen())
			if err != nil {
				b.Fatal(err)
			}
			out := filepath.Join(dir, "cells.csv")
			phases := []string{"read", "project", "cover", "score", "write"}
			sum := make([]time.Duration, len(phases))
			faults := make([]int64, len(phases))
			n := 0
			for b.Loop() {
				n++
				var (
					d *geo.Dataset
					p *geo.Projected
					s *risk.Surface
				)
				steps := []func() error{
					func() (err error) {
						d, _, err = dataset.Read(b.Context(), dataset.Files{Hazards: files.Hazards, Incidents: files.Incidents, Settlements: files.Settlements}, nil)
						return err
					},
					func() (err error) { p, err = d.UTM("38N"); return err },
					func() error {
						_, err := geo.Grid{}.CoverUnion(b.Context(), p.Hazards, &geo.CoverOptions{Projection: p.Projection})
						return err
					},
					func() (err error) { s, err = (&risk.Model{}).Score(b.Context(), p, nil); return err },
					func() error {
						f, err := os.Create(out)
						if err != nil {
							return err
						}
						bw := bufio.NewWriterSize(f, 1<<16)
						if err := s.WriteCSV(bw); err != nil {
							return err
						}
						if err := bw.Flush(); err != nil {
							return err
						}
						return f.Close()
					},
				}
				for k, step := range steps {
					f0 := minorFaults()
					t0 := time.Now()
					if err := step(); err != nil {
						b.Fatal(err)
					}
					sum[k] += time.Since(t0)
					faults[k] += minorFaults() - f0
				}
			}
			for k, ph := range phases {
				b.ReportMetric(float64(sum[k].Microseconds())/1e3/float64(n), ph+"-ms")
				b.ReportMetric(float64(faults[k])/float64(n), ph+"-faults")
			}
		})
	}
}
