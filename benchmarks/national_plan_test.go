package benchmarks

// BenchmarkNationalPlan runs the whole planner process on the national
// case, files in and every report out: the national scenario
// (scenario.National(1), written as files), the national team set
// (testdata/national-teams.json: 840 teams at 6 bases) and 500 m blocks.
// Each op is one `planner plan` process; the benchmark reports its wall
// time, user+system CPU, peak resident memory of the process and the
// largest file it wrote, and fails if a file reaches 100 MB.
//
// Run (the planner is built once, the files written once, outside the
// timed loop):
//
//	go test ./benchmarks/ -run '^$' -bench NationalPlan -benchtime 1x -timeout 30m
//
// or by hand, with /usr/bin/time -v (see benchmarks/README.md):
//
//	CLEARANCE_NATIONAL_DIR=/tmp/nat go test ./benchmarks/ -run TestWriteNationalFiles
//	go build -o /tmp/planner ./examples/planner
//	/usr/bin/time -v /tmp/planner plan -hazards /tmp/nat/hazards.geojson \
//	    -incidents /tmp/nat/incidents.csv -villages /tmp/nat/villages.csv \
//	    -teams benchmarks/testdata/national-teams.json -block 500 -synthetic -out /tmp/nat/plan

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/landrelease/clearance/benchmarks/scenario"
)

// nationalTeams is the national team set, relative to this package.
const nationalTeams = "testdata/national-teams.json"

// maxReportBytes is the size no report file may reach.
const maxReportBytes = 100e6

// TestWriteNationalFiles writes the national scenario's files into the
// folder named by CLEARANCE_NATIONAL_DIR, for running the planner by hand;
// without it the test is skipped.
func TestWriteNationalFiles(t *testing.T) {
	dir := os.Getenv("CLEARANCE_NATIONAL_DIR")
	if dir == "" {
		t.Skip("set CLEARANCE_NATIONAL_DIR to a folder to write the national scenario's files there")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := scenario.WriteFiles(dir, scenario.National(1))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s, %s, %s", f.Hazards, f.Incidents, f.Settlements)
}

func BenchmarkNationalPlan(b *testing.B) {
	dir := b.TempDir()
	f, err := scenario.WriteFiles(dir, scenario.National(1))
	if err != nil {
		b.Fatal(err)
	}
	planner := filepath.Join(dir, "planner")
	if out, err := exec.Command("go", "build", "-o", planner, "../examples/planner").CombinedOutput(); err != nil {
		b.Fatalf("building the planner: %v\n%s", err, out)
	}
	var wall, cpu time.Duration
	var rssKB int64
	var largest int64
	n := 0
	for b.Loop() {
		out := filepath.Join(dir, "plan")
		os.RemoveAll(out)
		cmd := exec.Command(planner, "plan", "-q", "-hazards", f.Hazards, "-incidents", f.Incidents, "-villages", f.Settlements,
			"-teams", nationalTeams, "-block", "500", "-synthetic", "-out", out)
		t0 := time.Now()
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("planner plan: %v\n%s", err, msg)
		}
		wall += time.Since(t0)
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rssKB = max(rssKB, ru.Maxrss)
		}
		err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			fi, err := d.Info()
			if err != nil {
				return err
			}
			if fi.Size() >= maxReportBytes {
				b.Errorf("%s: %d bytes, not under 100 MB", path, fi.Size())
			}
			largest = max(largest, fi.Size())
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(wall.Seconds()/float64(n), "wall-s/op")
	b.ReportMetric(cpu.Seconds()/float64(n), "cpu-s/op")
	b.ReportMetric(float64(rssKB)/1024, "peak-RSS-MiB")
	b.ReportMetric(float64(largest)/1e6, "largest-file-MB")
}
