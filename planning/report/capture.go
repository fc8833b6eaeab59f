package report

import (
	"fmt"
	"image/color"
	"io"

	"github.com/landrelease/clearance/risk"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// CapturePNG draws the capture curves of a backtest's rankings on one
// chart (risk.Ranking.Curve: the share of the later incidents against the
// share of the area, both in %), a line per ranking in the order given,
// with the title above and a legend; opts sets the size and resolution
// (Title, if set, replaces title; Start, TotalRisk and Band are not used).
// Rankings without a curve are left out. Cost O(points).
func CapturePNG(w io.Writer, title string, rankings []risk.Ranking, opts *ChartOptions) error {
	var o ChartOptions
	if opts != nil {
		if err := checkSizes("ChartOptions", map[string]float64{"WidthCm": opts.WidthCm, "HeightCm": opts.HeightCm,
			"DPI": float64(opts.DPI)}); err != nil {
			return err
		}
		o = *opts
	}
	if o.Title != "" {
		title = o.Title
	}
	if o.WidthCm <= 0 {
		o.WidthCm = DefaultChartWidthCm
	}
	if o.HeightCm <= 0 {
		o.HeightCm = DefaultChartHeightCm
	}
	if o.DPI <= 0 {
		o.DPI = DefaultDPI
	}
	p := plot.New()
	p.Title.Text = title
	sans(&p.Title.TextStyle, 14)
	p.X.Label.Text = "share of the area, riskiest first (%)"
	p.Y.Label.Text = "share of the later incidents (%)"
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		sans(&a.Label.TextStyle, 11)
		sans(&a.Tick.Label, 10)
		a.Min, a.Max = 0, 100
	}
	p.Add(plotter.NewGrid())
	p.Legend.Left, p.Legend.Top = false, false
	p.Legend.XOffs = -0.2 * vg.Centimeter
	p.Legend.YOffs = 0.2 * vg.Centimeter
	sans(&p.Legend.TextStyle, 10)
	palette := []color.RGBA{{200, 30, 30, 255}, {120, 120, 120, 255}, {30, 90, 200, 255}, {30, 150, 60, 255},
		{220, 140, 20, 255}, {140, 60, 170, 255}, {20, 160, 170, 255}, {0, 0, 0, 255}}
	n := 0
	for _, r := range rankings {
		if len(r.Curve) == 0 {
			continue
		}
		xy := make(plotter.XYs, len(r.Curve))
		for i, c := range r.Curve {
			xy[i].X, xy[i].Y = 100*c.AreaShare, 100*c.CaptureShare
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return fmt.Errorf("report: capture curve %q: %w", r.Name, err)
		}
		l.Color = palette[n%len(palette)]
		l.Width = vg.Points(1.2)
		if n == 0 {
			l.Width = vg.Points(2.2)
		}
		if r.Name == "uniform" {
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("%s (AUC %.3f)", r.Name, r.AUC), l)
		n++
	}
	width, height := vg.Length(o.WidthCm)*vg.Centimeter, vg.Length(o.HeightCm)*vg.Centimeter
	img := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(o.DPI), vgimg.UseBackgroundColor(color.White))
	p.Draw(draw.New(img))
	_, err := vgimg.PngCanvas{Canvas: img}.WriteTo(w)
	return err
}
