package api_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/landrelease/clearance/examples/server/api"
)

// chromium returns the path of Debian's chromium, skipping t without it
// unless CI is set (.ci/run installs it).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("CI is set and chromium is missing: .ci/run installs it (apt-get install chromium)")
	}
	t.Skip("no chromium: apt-get install chromium to run the browser test")
	return ""
}

// TestBrowserMap uploads the Aghdam dataset, plans it, opens the map page
// in headless Chromium, waits for its layers, checks that the hazards are
// drawn in the risk colours (a loose check on a screenshot: enough pixels
// near at least three of the legend's colours) and that clicking a work
// unit opens a pop-up with its reasons.
func TestBrowserMap(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the browser test starts Chromium")
	}
	bin := chromium(t)
	ts, _ := newServer(t, api.Config{})
	id := upload(t, ts, aghdamParts(t))
	plan := planNow(t, ts, id)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox, // as root in CI
		chromedp.WindowSize(1200, 800),
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("ignore-gpu-blocklist", true),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()

	err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/?dataset="+id+"&plan="+plan.ID),
		chromedp.Poll[chromedp.Void](`window.clearance && (window.clearance.ready || window.clearance.error)`, chromedp.WithPollingTimeout(2*time.Minute)),
	)
	if err != nil {
		t.Fatal(err)
	}
	jsErr, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.clearance.error || ""`))
	if err != nil {
		t.Fatal(err)
	}
	if jsErr != "" {
		t.Fatalf("the page failed: %s", jsErr)
	}
	shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("#map")))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "map.png")
	if dir := os.Getenv("CLEARANCE_SCREENSHOT_DIR"); dir != "" {
		out = filepath.Join(dir, "map.png")
	}
	os.WriteFile(out, shot, 0o644)
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	counts := colourCounts(img, []string{"#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"})
	present := 0
	for _, n := range counts {
		if n >= 30 {
			present++
		}
	}
	t.Logf("screenshot %s: pixels near each risk colour %v", out, counts)
	if present < 3 {
		t.Errorf("the hazards are not drawn in the risk colours: pixels near each of the 5 colours %v (screenshot %s)", counts, out)
	}

	// The legend has a row per risk class; the slider runs over the plan's
	// release dates, and at its end the units are released.
	legend, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#legend-rows .row").length`))
	if err != nil || legend != 5 {
		t.Errorf("legend: %d rows, %v", legend, err)
	}
	label, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const s = document.getElementById("slider");
		s.value = s.max;
		s.dispatchEvent(new Event("input"));
		return s.max + " " + document.getElementById("slider-label").textContent;
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	var steps, released, units int
	var until string
	if _, err := fmt.Sscanf(label, "%d %s %d of %d units released", &steps, &until, &released, &units); err != nil || steps < 2 || released == 0 || released > units {
		t.Errorf("slider at its end: %q (%v)", label, err)
	}
	if !strings.HasPrefix(until, plan.Created.Format("2006")[:2]) || len(until) != len("2006-01-02:") {
		t.Errorf("slider's date %q", until)
	}

	// A pixel of a work unit, found by the map itself, clicked as a user
	// would; its pop-up must list the reasons.
	xy, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => {
		const m = window.clearance.map, c = m.getCanvas();
		const w = c.clientWidth, h = c.clientHeight;
		for (let y = 10; y < h; y += 7) for (let x = 10; x < w; x += 7) {
			const fs = m.queryRenderedFeatures([x, y]);
			if (fs.length && fs.every(f => f.layer.id === "priorities" || f.layer.id.startsWith("hazards") || f.layer.id === "priorities-outline" || f.layer.id === "cells")
				&& fs.some(f => f.layer.id === "priorities")) return [x, y];
		}
		return [];
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if len(xy) != 2 {
		t.Fatal("no work unit of the plan is drawn on the map")
	}
	err = chromedp.Do(ctx,
		chromedp.MouseClickXY(xy[0], xy[1]),
		chromedp.WaitVisible(chromedp.CSS(".maplibregl-popup-content ul.reasons li")),
	)
	if err != nil {
		t.Fatal(err)
	}
	popup, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".maplibregl-popup-content")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(popup, "Reasons:") || !strings.Contains(popup, "rank ") {
		t.Errorf("pop-up without reasons: %q", popup)
	}
	// One of the reasons the planner gives: casualties, a settlement's
	// distance, the density, the kind of hazard.
	if !strings.Contains(popup, "density") && !strings.Contains(popup, "away") && !strings.Contains(popup, "hazardous area") {
		t.Errorf("pop-up reasons look wrong: %q", popup)
	}
	t.Logf("pop-up: %s", popup)
}

// colourCounts counts the pixels of img within a small distance of each
// colour (#rrggbb), as drawn at any opacity over the page's background
// (#eef0ea): a pixel counts for a colour if it lies near the segment from
// the background to the colour, at least halfway along it.
func colourCounts(img image.Image, hexes []string) []int {
	bg := [3]float64{0xee, 0xf0, 0xea}
	cols := make([][3]float64, len(hexes))
	for k, h := range hexes {
		var r, g, b int
		fmt.Sscanf(h, "#%02x%02x%02x", &r, &g, &b)
		cols[k] = [3]float64{float64(r), float64(g), float64(b)}
	}
	counts := make([]int, len(hexes))
	bnd := img.Bounds()
	for y := bnd.Min.Y; y < bnd.Max.Y; y++ {
		for x := bnd.Min.X; x < bnd.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			p := [3]float64{float64(c.R), float64(c.G), float64(c.B)}
			best, bestD := -1, 0.0
			for k, col := range cols {
				// p ≈ bg + a (col - bg), a in [0.5, 1]
				var num, den float64
				for i := range 3 {
					num += (p[i] - bg[i]) * (col[i] - bg[i])
					den += (col[i] - bg[i]) * (col[i] - bg[i])
				}
				if den == 0 {
					continue
				}
				a := num / den
				if a < 0.5 || a > 1.05 {
					continue
				}
				var d float64
				for i := range 3 {
					e := p[i] - (bg[i] + a*(col[i]-bg[i]))
					d += e * e
				}
				if d < 12*12 && (best < 0 || d < bestD) {
					best, bestD = k, d
				}
			}
			if best >= 0 {
				counts[best]++
			}
		}
	}
	return counts
}
