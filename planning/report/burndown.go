package report

import (
	"fmt"
	"image/color"
	"io"
	"time"

	"github.com/landrelease/clearance/internal/text"
	"github.com/landrelease/clearance/planning"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// DefaultChartWidthCm and DefaultChartHeightCm are the size of the
// burn-down chart.
const (
	DefaultChartWidthCm  = 20.0
	DefaultChartHeightCm = 12.0
)

// ChartOptions sets how [BurndownPNG] draws. A nil *ChartOptions means
// every default; each zero field means its default.
type ChartOptions struct {
	// Title is drawn above the chart; "" means "Land release forecast".
	Title string
	// WidthCm and HeightCm are the image's size in centimetres; 0 means
	// DefaultChartWidthCm (20) and DefaultChartHeightCm (12).
	WidthCm, HeightCm float64
	// DPI is the resolution; 0 means DefaultDPI (150).
	DPI int
	// Start is the plan's start (Plan.Start), where both lines begin at
	// 100%; zero means the first day of the forecast's first month.
	Start time.Time
	// TotalRisk is the risk at the start (Plan.TotalRisk), the 100% of
	// the residual risk line; a Forecast does not carry it. 0 means the
	// first month's residual risk, which understates the start if units
	// are released in the first month.
	TotalRisk float64
	// Band, if not nil, is drawn as a shaded band of the contaminated
	// area between its P10 and P90 (planning.Uncertainty.Remaining), and
	// its P10-P90 last release goes in the title.
	Band *planning.Uncertainty
}

// BurndownPNG draws the forecast as a PNG burn-down chart: the contaminated
// area remaining and the residual risk, each as a percentage of its value
// at the start (the legend gives the start values in hectares and in risk),
// from the start (opts.Start, or the first month) to the end of each month,
// with dates on the x axis (a tick per month, labelled every few months)
// and the last release date in the title. Both lines share one axis,
// 0-100%, which reads better than two y axes. A forecast without months
// (nothing to release) gives a chart that says so. Cost O(months).
func BurndownPNG(w io.Writer, f planning.Forecast, opts *ChartOptions) error {
	var o ChartOptions
	if opts != nil {
		if err := checkSizes("ChartOptions", map[string]float64{"WidthCm": opts.WidthCm, "HeightCm": opts.HeightCm,
			"DPI": float64(opts.DPI), "TotalRisk": opts.TotalRisk}); err != nil {
			return err
		}
		o = *opts
	}
	if o.Title == "" {
		o.Title = "Land release forecast"
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
	p, leg, entries, err := burndownPlot(f, &o)
	if err != nil {
		return err
	}
	width, height := vg.Length(o.WidthCm)*vg.Centimeter, vg.Length(o.HeightCm)*vg.Centimeter
	img := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(o.DPI), vgimg.UseBackgroundColor(color.White))
	dc := draw.New(img)
	chartC, legendC := burndownLayout(dc, entries)
	p.Draw(chartC)
	if entries > 0 {
		leg.Draw(legendC)
	}
	_, err = vgimg.PngCanvas{Canvas: img}.WriteTo(w)
	return err
}

// burndownPlot builds the chart of f (o with its defaults) and its legend,
// with the number of legend entries.
func burndownPlot(f planning.Forecast, o *ChartOptions) (*plot.Plot, *plot.Legend, int, error) {
	loc := time.UTC
	if len(f.Months) > 0 {
		loc = f.Months[0].Month.Location()
	} else if !f.LastRelease.IsZero() {
		loc = f.LastRelease.Location()
	}

	p := plot.New()
	sans(&p.Title.TextStyle, 14)
	p.Title.Padding = 0.3 * vg.Centimeter
	p.Y.Label.Text = "share of the start (%)"
	p.X.Label.Text = "date (points at the end of each month)"
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		sans(&a.Label.TextStyle, 11)
		sans(&a.Tick.Label, 10)
	}
	leg := plot.NewLegend()
	sans(&leg.TextStyle, 10)
	leg.Left, leg.Top = true, true
	entries := 0
	p.Y.Tick.Marker = plot.ConstantTicks(percentTicks())
	p.Add(plotter.NewGrid())

	if len(f.Months) == 0 {
		p.Title.Text = o.Title + ": nothing to release"
		t := f.LastRelease
		if t.IsZero() {
			t = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		p.X.Min, p.X.Max = unix(t.AddDate(0, -1, 0)), unix(t.AddDate(0, 1, 0))
	} else {
		first := f.Months[0].Month
		start := o.Start
		if start.IsZero() || start.Before(first) {
			start = first
		}
		var areaStart, riskStart float64
		m0 := f.Months[0]
		areaStart = m0.RemainingM2 + m0.CancelledM2 + m0.ReducedM2 + m0.ClearedM2
		riskStart = residualStart(f, o)
		area := plotter.XYs{{X: unix(start), Y: 100}}
		rsk := plotter.XYs{{X: unix(start), Y: 100}}
		for _, m := range f.Months {
			end := unix(m.Month.AddDate(0, 1, 0))
			area = append(area, plotter.XY{X: end, Y: share(m.RemainingM2, areaStart)})
			rsk = append(rsk, plotter.XY{X: end, Y: share(m.ResidualRisk, riskStart)})
		}
		la, err := plotter.NewLine(area)
		if err != nil {
			return nil, nil, 0, fmt.Errorf("report: burn-down: %w", err)
		}
		la.Color = color.RGBA{0x1f, 0x78, 0xb4, 0xff}
		la.Width = vg.Points(2.2)
		lr, err := plotter.NewLine(rsk)
		if err != nil {
			return nil, nil, 0, fmt.Errorf("report: burn-down: %w", err)
		}
		lr.Color = color.RGBA{0xe3, 0x1a, 0x1c, 0xff}
		lr.Width = vg.Points(2.2)
		lr.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		pa, _ := plotter.NewScatter(area)
		pa.GlyphStyle = draw.GlyphStyle{Color: la.Color, Radius: vg.Points(2.2), Shape: draw.CircleGlyph{}}
		pr, _ := plotter.NewScatter(rsk)
		pr.GlyphStyle = draw.GlyphStyle{Color: lr.Color, Radius: vg.Points(2.2), Shape: draw.BoxGlyph{}}
		xmax := f.Months[len(f.Months)-1].Month.AddDate(0, 1, 0)
		if b := o.Band; b != nil && len(b.Months) > 0 {
			band, end := bandPolygon(b, start)
			if band != nil {
				p.Add(band)
				leg.Add(fmt.Sprintf("contaminated area, P10–P90 of %d plans with drawn productivity and release shares", b.Runs), band)
				entries++
				xmax = later(xmax, end)
			}
		}
		p.Add(la, lr)
		ta, tr := []plot.Thumbnailer{la}, []plot.Thumbnailer{lr}
		if len(f.Months) <= 36 { // a point per month, while they stay apart
			p.Add(pa, pr)
			ta, tr = append(ta, pa), append(tr, pr)
		}
		leg.Add(fmt.Sprintf("contaminated area (100%% = %s ha)", text.Hectares(areaStart/1e4)), ta...)
		entries++
		leg.Add(fmt.Sprintf("residual risk of the plan's units (100%% = %s)", sig(riskStart)), tr...)
		entries++
		p.X.Min = unix(start)
		p.X.Max = unix(xmax)
		p.Title.Text = fmt.Sprintf("%s\nlast hectare released %s", o.Title, text.Day(planning.LastWorkDayOf(start, f.LastRelease)))
		if b := o.Band; b != nil && b.Runs > 0 {
			p.Title.Text += fmt.Sprintf(" (P10 %s, P90 %s)", text.Day(b.LastWorkDay[planning.P10]), text.Day(b.LastWorkDay[planning.P90]))
		}
		p.X.Tick.Marker = plot.TimeTicks{
			Ticker: monthTicks{loc: loc},
			Format: "Jan 2006",
			Time:   func(t float64) time.Time { return time.Unix(int64(t), 0).In(loc) },
		}
	}
	// The axis ends at 100%: the legend has its own strip under the chart,
	// clear of the lines.
	p.Y.Min, p.Y.Max = 0, 100
	return p, &leg, entries, nil
}

// burndownLayout splits the image into the chart and, below it, a strip
// for a legend of n entries (none for n = 0): the two never overlap.
func burndownLayout(dc draw.Canvas, n int) (chart, legend draw.Canvas) {
	if n == 0 {
		return dc, draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{Min: dc.Min, Max: vg.Point{X: dc.Max.X, Y: dc.Min.Y}}}
	}
	h := vg.Length(n)*0.5*vg.Centimeter + 0.3*vg.Centimeter
	y := dc.Min.Y + h
	legend = draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{Min: vg.Point{X: dc.Min.X + 0.4*vg.Centimeter, Y: dc.Min.Y}, Max: vg.Point{X: dc.Max.X, Y: y}}}
	chart = draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{Min: vg.Point{X: dc.Min.X, Y: y}, Max: dc.Max}}
	return chart, legend
}

// bandPolygon is the band between the P10 and P90 remaining area of b,
// in percent, from start (100%) to each month's end, up to the first month
// whose P90 is 0; nil if empty. It returns the band's end too.
func bandPolygon(b *planning.Uncertainty, start time.Time) (*plotter.Polygon, time.Time) {
	lo := plotter.XYs{{X: unix(start), Y: 100}}
	hi := plotter.XYs{{X: unix(start), Y: 100}}
	end := start
	for m, t := range b.Months {
		if m > 0 && b.Remaining[m-1][planning.P90] == 0 {
			break
		}
		end = t.AddDate(0, 1, 0)
		x := unix(t.AddDate(0, 1, 0))
		lo = append(lo, plotter.XY{X: x, Y: 100 * b.Remaining[m][planning.P10]})
		hi = append(hi, plotter.XY{X: x, Y: 100 * b.Remaining[m][planning.P90]})
	}
	ring := append(plotter.XYs{}, lo...)
	for i := len(hi) - 1; i >= 0; i-- {
		ring = append(ring, hi[i])
	}
	poly, err := plotter.NewPolygon(ring)
	if err != nil {
		return nil, start
	}
	poly.Color = color.NRGBA{0xa6, 0xce, 0xe3, 0xc0}
	poly.LineStyle.Width = 0
	return poly, end
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// residualStart is the risk at the start: o.TotalRisk, or else the first
// month's residual risk (a forecast does not keep the risk at the start).
func residualStart(f planning.Forecast, o *ChartOptions) float64 {
	if o.TotalRisk > 0 {
		return o.TotalRisk
	}
	return f.Months[0].ResidualRisk
}

func share(x, of float64) float64 {
	if of <= 0 {
		return 0
	}
	return 100 * x / of
}

func unix(t time.Time) float64 { return float64(t.Unix()) }

func percentTicks() []plot.Tick {
	var ts []plot.Tick
	for v := 0; v <= 100; v += 5 {
		t := plot.Tick{Value: float64(v)}
		if v%20 == 0 {
			t.Label = fmt.Sprint(v)
		}
		ts = append(ts, t)
	}
	return ts
}

// monthTicks puts a tick on the first of every month, labelled every 1, 2,
// 3, 6 or 12 months so that there are at most about 8 labels.
type monthTicks struct{ loc *time.Location }

func (m monthTicks) Ticks(lo, hi float64) []plot.Tick {
	a := time.Unix(int64(lo), 0).In(m.loc)
	b := time.Unix(int64(hi), 0).In(m.loc)
	t := time.Date(a.Year(), a.Month(), 1, 0, 0, 0, 0, m.loc)
	if t.Before(a) {
		t = t.AddDate(0, 1, 0)
	}
	months := (b.Year()-t.Year())*12 + int(b.Month()-t.Month()) + 1
	every := 1
	for _, e := range []int{1, 2, 3, 6, 12, 24, 60, 120} {
		every = e
		if months/e <= 8 {
			break
		}
	}
	if months > 120 {
		// Ticks every month would be a comb: one per labelled step.
		var ts []plot.Tick
		for ; !t.After(b); t = t.AddDate(0, 1, 0) {
			if k := t.Year()*12 + int(t.Month()) - 1; k%every == 0 {
				ts = append(ts, plot.Tick{Value: unix(t), Label: "x"})
			} else if k%(every/4) == 0 && every >= 12 {
				ts = append(ts, plot.Tick{Value: unix(t)})
			}
		}
		return ts
	}
	var ts []plot.Tick
	for ; !t.After(b); t = t.AddDate(0, 1, 0) {
		tk := plot.Tick{Value: unix(t)}
		if (t.Year()*12+int(t.Month())-1)%every == 0 {
			tk.Label = "x" // TimeTicks formats the labelled ticks
		}
		ts = append(ts, tk)
	}
	return ts
}
