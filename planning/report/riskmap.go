package report

import (
	"cmp"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/risk"
	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Defaults of [MapOptions] and [ChartOptions].
const (
	// DefaultMapCm is the side of the risk map, in centimetres.
	DefaultMapCm = 20.0
	// DefaultDPI is the resolution of the PNGs, in dots per inch.
	DefaultDPI = 150
	// DefaultMaxRaster is the largest side of the risk map's raster, in
	// pixels of the data.
	DefaultMaxRaster = 1000
	// DefaultClipQuantile is the quantile of the cells' risk per hectare at
	// which the colour scale tops out.
	DefaultClipQuantile = 0.99
)

// MapOptions sets how [RiskMapPNG] draws. A nil *MapOptions means every
// default; each zero field means its default.
type MapOptions struct {
	// Title is drawn above the map; "" means "Risk per hectare".
	Title string
	// WidthCm and HeightCm are the image's size in centimetres; 0 means
	// DefaultMapCm (20 cm).
	WidthCm, HeightCm float64
	// DPI is the resolution; 0 means DefaultDPI (150: a 20 cm side is
	// 1,181 pixels).
	DPI int
	// MaxRaster bounds the side of the heat map's raster in grid cells
	// (hectares by default); 0 means DefaultMaxRaster. A surface wider or
	// taller than this is downsampled by a whole factor f, the smallest
	// that fits: each raster pixel covers f × f cells and shows the largest
	// risk per hectare among them, so a risky hectare is never averaged
	// away.
	MaxRaster int
	// Synthetic marks the map as made from synthetic data, in its title.
	Synthetic bool
	// MaxRisk is the top of the colour scale in risk per hectare; cells
	// above it take the top colour. 0 means the DefaultClipQuantile (99%)
	// quantile of the cells' risk per hectare, so that a few extreme
	// hectares do not wash out the rest of the map.
	MaxRisk float64
}

func (o *MapOptions) withDefaults() MapOptions {
	var m MapOptions
	if o != nil {
		m = *o
	}
	if m.Title == "" {
		m.Title = "Risk per hectare"
	}
	if m.WidthCm <= 0 {
		m.WidthCm = DefaultMapCm
	}
	if m.HeightCm <= 0 {
		m.HeightCm = DefaultMapCm
	}
	if m.DPI <= 0 {
		m.DPI = DefaultDPI
	}
	if m.MaxRaster <= 0 {
		m.MaxRaster = DefaultMaxRaster
	}
	return m
}

// riskColours are the control colours of the heat map, dark red (high
// risk) to light yellow (low): ColorBrewer's YlOrRd without its palest
// step, so that the least risky land still shows against the white
// background. They are in order of increasing luminance, as
// moreland.NewLuminance wants; the map reverses them.
var riskColours = []color.Color{
	color.RGBA{0xb1, 0x00, 0x26, 0xff},
	color.RGBA{0xe3, 0x1a, 0x1c, 0xff},
	color.RGBA{0xfc, 0x4e, 0x2a, 0xff},
	color.RGBA{0xfd, 0x8d, 0x3c, 0xff},
	color.RGBA{0xfe, 0xb2, 0x4c, 0xff},
	color.RGBA{0xfe, 0xd9, 0x76, 0xff},
	color.RGBA{0xff, 0xed, 0xa0, 0xff},
}

// RiskMapPNG draws the surface as a PNG map: a heat map of each scored
// cell's risk per hectare (Cell.Risk / hectares of Cell.AreaM2; cells
// outside the surface are transparent) on the projected grid, with a colour
// bar, the hazards' outlines (s.Projected().Hazards), the settlements
// within the map as points with their names, axes in kilometres of the
// surface's projection (easting and northing, equal scale on both) and a
// title. A large surface is downsampled (see MapOptions.MaxRaster), so the
// cost is O(cells + image pixels + hazard vertices + settlements): about
// 150 ms for Aghdam's 11,000 hectares at the default size, most of it
// PNG compression, scaling the raster and drawing text. An empty surface gives a map
// of its hazards and settlements. It panics if s is nil.
func RiskMapPNG(w io.Writer, s *risk.Surface, opts *MapOptions) error {
	if s == nil {
		panic("report: RiskMapPNG of a nil *risk.Surface")
	}
	if err := opts.check(); err != nil {
		return err
	}
	o := opts.withDefaults()
	width, height := vg.Length(o.WidthCm)*vg.Centimeter, vg.Length(o.HeightCm)*vg.Centimeter
	img := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(o.DPI), vgimg.UseBackgroundColor(color.White))
	dc := draw.New(img)

	r := newRaster(s, o.MaxRaster)
	cmap, top, err := r.colourScale(o.MaxRisk)
	if err != nil {
		return err
	}
	// Split the canvas: the map, and a strip for the colour bar on the right.
	barW := 3.2 * vg.Centimeter
	mapC := draw.Crop(dc, 0, -barW, 0, 0)
	title := o.Title
	if o.Synthetic {
		title += " (synthetic data, not for operations)"
	}
	p := newMapPlot(title, s.Projection)
	outl, set := drawMap(p, mapC, s, r, cmap.Palette(256), top, o.DPI)

	// The strip on the right: the colour bar, as tall as the map's data
	// area less room for the legend below it, and the legend.
	data := p.DataCanvas(mapC)
	legendH := 2.4 * vg.Centimeter
	tick := drawColourBar(dc, data, barW, legendH, cmap, top, r.clipped(top))
	drawMapLegend(dc, data, barW, legendH, tick, outl, len(set.xy) > 0)
	_, err = vgimg.PngCanvas{Canvas: img}.WriteTo(w)
	return err
}

// check reports a negative, NaN or infinite setting of o; nil is fine.
func (o *MapOptions) check() error {
	if o == nil {
		return nil
	}
	return checkSizes("MapOptions", map[string]float64{"WidthCm": o.WidthCm, "HeightCm": o.HeightCm,
		"DPI": float64(o.DPI), "MaxRaster": float64(o.MaxRaster), "MaxRisk": o.MaxRisk})
}

// colourScale returns the heat map's colour map, from 0 to the top of the
// scale: maxRisk if positive, else the DefaultClipQuantile quantile of the
// raster rounded up (see roundUp2), else 1.
func (r *raster) colourScale(maxRisk float64) (palette.ColorMap, float64, error) {
	lum, err := moreland.NewLuminance(riskColours)
	if err != nil {
		return nil, 0, fmt.Errorf("report: risk palette: %w", err)
	}
	cmap := palette.Reverse(lum)
	top := maxRisk
	if !(top > 0) {
		top = roundUp2(r.quantile(DefaultClipQuantile))
	}
	if !(top > 0) {
		top = 1
	}
	cmap.SetMin(0)
	cmap.SetMax(top)
	return cmap, top, nil
}

// newMapPlot returns the map's plot: its title and axes (kilometres of the
// projection, labelled plainly), without data.
func newMapPlot(title string, proj geo.Projection) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	sans(&p.Title.TextStyle, 14)
	p.Title.Padding = 0.3 * vg.Centimeter
	name := "projected"
	if proj != nil {
		name = proj.String()
	}
	p.X.Label.Text = "easting (km), " + name
	p.Y.Label.Text = "northing (km)"
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		sans(&a.Label.TextStyle, 11)
		sans(&a.Tick.Label, 10)
	}
	p.X.Tick.Marker = plainTicks{}
	p.Y.Tick.Marker = plainTicks{}
	return p
}

// mapExtentKm is the extent the map shows, in kilometres: the raster's (or,
// for an empty surface, the hazards' or settlements'), with a margin of 4%
// of the larger side.
func mapExtentKm(s *risk.Surface, r *raster) (x0, x1, y0, y1 float64) {
	x0, x1, y0, y1 = r.extentKm()
	if len(s.Cells) == 0 {
		x0, x1, y0, y1 = layerExtentKm(s.Projected())
	}
	mg := 0.04 * max(x1-x0, y1-y0, 1)
	return x0 - mg, x1 + mg, y0 - mg, y1 + mg
}

// drawMap draws the map on mapC, at equal scale on both axes: the heat map
// of the raster (in pal, from 0 to top), the hazards' outlines and the
// settlements within the map; it returns the outlines and settlements it
// drew, for the legend.
func drawMap(p *plot.Plot, mapC draw.Canvas, s *risk.Surface, r *raster, pal palette.Palette, top float64, dpi int) (*outlines, *settlements) {
	x0, x1, y0, y1 := mapExtentKm(s, r)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = x0, x1, y0, y1
	equalScale(p, mapC)
	if len(s.Cells) > 0 {
		data := p.DataCanvas(mapC)
		px := float64(data.Max.X-data.Min.X) / vg.Inch.Points() * float64(dpi)
		hm := plotter.NewHeatMap(r.grid(px), pal)
		hm.Min, hm.Max = 0, top
		hm.Overflow = pal.Colors()[len(pal.Colors())-1]
		hm.Underflow = pal.Colors()[0]
		hm.NaN = nil // transparent
		hm.Rasterized = true
		p.Add(heatMap{hm})
	}
	pr := s.Projected()
	outl := &outlines{}
	outl.rings[0], outl.rings[1] = hazardRingsKm(pr)
	outl.style[0] = shaStyle
	outl.style[1] = chaStyle
	p.Add(outl)
	inc := incidentsIn(pr, p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	if len(inc.xy) > 0 {
		p.Add(inc)
	}
	set := settlementsIn(pr, p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	if len(set.xy) > 0 {
		set.style = text.Style{Color: color.Black, Font: p.Title.TextStyle.Font, Handler: p.TextHandler}
		sans(&set.style, 9)
		set.style.Font.Weight = xfont.WeightBold
		p.Add(set)
	}
	// Re-fix the ranges: Add widened them to the data.
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = x0, x1, y0, y1
	equalScale(p, mapC)
	p.Draw(mapC)
	data := p.DataCanvas(mapC)
	drawScaleBar(data, p.X.Max-p.X.Min, p.Title.TextStyle)
	drawNorthArrow(data, p.Title.TextStyle)
	outl.incidents = len(inc.xy) > 0
	return outl, set
}

// drawColourBar draws the colour bar of cmap in the strip of width barW on
// the right of dc, from legendH above the bottom of the map's data area to
// just below its top, with "≥ top" above it if clipped (some cells are
// above the top of the scale). It returns the style of its tick labels.
func drawColourBar(dc draw.Canvas, data draw.Canvas, barW, legendH vg.Length, cmap palette.ColorMap, top float64, clipped bool) text.Style {
	bar := plot.New()
	bar.BackgroundColor = nil // the map's names may run into the strip
	bar.HideX()
	bar.X.Padding, bar.Y.Padding = 0, 0
	bar.Y.Label.Text = "risk per ha"
	bar.Y.Tick.Marker = plainTicks{}
	sans(&bar.Y.Label.TextStyle, 11)
	sans(&bar.Y.Tick.Label, 10)
	bar.Add(&colourBar{cmap: cmap})
	bar.X.Min, bar.X.Max = 0, 1
	barTop := data.Max.Y - 0.5*vg.Centimeter
	barC := draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: dc.Max.X - barW + 0.2*vg.Centimeter, Y: data.Min.Y + legendH},
		Max: vg.Point{X: dc.Max.X - 0.6*vg.Centimeter, Y: barTop}}}
	bar.Draw(barC)
	if clipped {
		sty := bar.Y.Tick.Label
		sty.XAlign = draw.XCenter
		sty.YAlign = draw.YBottom
		bc := bar.DataCanvas(barC)
		barC.FillText(sty, vg.Point{X: (bc.Min.X + bc.Max.X) / 2, Y: barTop + 0.15*vg.Centimeter}, "≥ "+sig(top))
	}
	return bar.Y.Tick.Label
}

// drawMapLegend draws the legend under the colour bar: the SHA and CHA
// outlines, an incident if the map shows any and a settlement if it shows
// any, labelled in a 9-point version of tick.
func drawMapLegend(dc draw.Canvas, data draw.Canvas, barW, legendH vg.Length, tick text.Style, outl *outlines, settlements bool) {
	lsty := tick
	lsty.XAlign, lsty.YAlign = draw.XLeft, draw.YCenter
	sans(&lsty, 9)
	lx := dc.Max.X - barW + 0.2*vg.Centimeter
	ly := data.Min.Y + legendH - 0.3*vg.Centimeter
	dc.StrokeLine2(shaStyle, lx, ly, lx+0.6*vg.Centimeter, ly)
	dc.FillText(lsty, vg.Point{X: lx + 0.75*vg.Centimeter, Y: ly}, "SHA")
	ly -= 0.45 * vg.Centimeter
	dc.StrokeLine2(chaStyle, lx, ly, lx+0.6*vg.Centimeter, ly)
	dc.FillText(lsty, vg.Point{X: lx + 0.75*vg.Centimeter, Y: ly}, "CHA")
	if outl.incidents {
		ly -= 0.45 * vg.Centimeter
		dc.DrawGlyph(incidentGlyph, vg.Point{X: lx + 0.3*vg.Centimeter, Y: ly})
		dc.FillText(lsty, vg.Point{X: lx + 0.75*vg.Centimeter, Y: ly}, "incident")
	}
	if settlements {
		ly -= 0.45 * vg.Centimeter
		dc.DrawGlyph(settlementDot, vg.Point{X: lx + 0.3*vg.Centimeter, Y: ly})
		dc.FillText(lsty, vg.Point{X: lx + 0.75*vg.Centimeter, Y: ly}, "settlement")
	}
}

// equalScale widens one axis range of p so that a kilometre has the same
// length on both axes of its data area within c. Tick labels change the
// data area a little as the ranges change, so it iterates.
func equalScale(p *plot.Plot, c draw.Canvas) {
	for range 3 {
		d := p.DataCanvas(c)
		dw, dh := float64(d.Max.X-d.Min.X), float64(d.Max.Y-d.Min.Y)
		if dw <= 0 || dh <= 0 {
			return
		}
		sx, sy := (p.X.Max-p.X.Min)/dw, (p.Y.Max-p.Y.Min)/dh
		if sx > sy {
			mid, half := (p.Y.Min+p.Y.Max)/2, sx*dh/2
			p.Y.Min, p.Y.Max = mid-half, mid+half
		} else {
			mid, half := (p.X.Min+p.X.Max)/2, sy*dw/2
			p.X.Min, p.X.Max = mid-half, mid+half
		}
	}
}

// plainTicks puts about 6 labelled ticks at a round step (1, 2, 2.5 or 5
// times a power of ten), with an unlabelled tick halfway between, labelled
// in the shortest form: 665, 2.5, 0.
type plainTicks struct{}

func (plainTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	raw := (hi - lo) / 6
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var ts []plot.Tick
	for k := math.Ceil(lo / (step / 2)); k*step/2 <= hi*(1+1e-12); k++ {
		v := math.Round(k*step/2/mag*1e6) / 1e6 * mag
		t := plot.Tick{Value: v}
		if int64(k)%2 == 0 {
			t.Label = strconv.FormatFloat(v, 'f', -1, 64)
			if t.Label == "-0" {
				t.Label = "0"
			}
		}
		ts = append(ts, t)
	}
	return ts
}

// raster holds the risk per hectare of the surface's cells on a grid of
// rw × rh pixels, each covering f × f cells (the largest value among them),
// NaN where there is no cell.
type raster struct {
	vals      []float64
	rw, rh, f int
	i0, j0    int
	cellKm    float64
	sorted    []float64 // the values, sorted, once quantile needs them
}

func newRaster(s *risk.Surface, maxSide int) *raster {
	r := &raster{cellKm: s.Grid.Size() / 1000}
	if len(s.Cells) == 0 {
		return r
	}
	i0, i1, j0, j1 := s.Cells[0].I, s.Cells[0].I, s.Cells[0].J, s.Cells[0].J
	for k := range s.Cells {
		c := &s.Cells[k]
		i0, i1 = min(i0, c.I), max(i1, c.I)
		j0, j1 = min(j0, c.J), max(j1, c.J)
	}
	w, h := i1-i0+1, j1-j0+1
	r.f = max(1, (max(w, h)+maxSide-1)/maxSide)
	r.rw, r.rh = (w+r.f-1)/r.f, (h+r.f-1)/r.f
	r.i0, r.j0 = i0, j0
	r.vals = make([]float64, r.rw*r.rh)
	for k := range r.vals {
		r.vals[k] = math.NaN()
	}
	for k := range s.Cells {
		c := &s.Cells[k]
		if !(c.AreaM2 > 0) {
			continue
		}
		v := c.Risk / (c.AreaM2 / 1e4)
		q := ((c.J-j0)/r.f)*r.rw + (c.I-i0)/r.f
		if old := r.vals[q]; math.IsNaN(old) || v > old {
			r.vals[q] = v
		}
	}
	return r
}

// extentKm is the raster's extent in kilometres.
func (r *raster) extentKm() (x0, x1, y0, y1 float64) {
	x0 = float64(r.i0) * r.cellKm
	y0 = float64(r.j0) * r.cellKm
	return x0, x0 + float64(r.rw*r.f)*r.cellKm, y0, y0 + float64(r.rh*r.f)*r.cellKm
}

// quantile returns the q quantile of the raster's values (nearest rank:
// the ⌈q·n⌉-th smallest of n), 0 if there are none.
func (r *raster) quantile(q float64) float64 {
	if r.sorted == nil {
		for _, v := range r.vals {
			if !math.IsNaN(v) {
				r.sorted = append(r.sorted, v)
			}
		}
		slices.Sort(r.sorted)
	}
	n := len(r.sorted)
	if n == 0 {
		return 0
	}
	return r.sorted[min(max(int(math.Ceil(q*float64(n)))-1, 0), n-1)]
}

// clipped reports whether a value exceeds top.
func (r *raster) clipped(top float64) bool {
	for _, v := range r.vals {
		if v > top {
			return true
		}
	}
	return false
}

// grid returns the raster as a plotter.GridXYZ, each pixel repeated k × k
// times with k chosen so that the grid is about px pixels wide: the PNG's
// bilinear scaling then blurs only the last pixel of each cell, not the
// whole cell.
func (r *raster) grid(px float64) rasterGrid {
	k := max(1, int(px/float64(max(r.rw, r.rh))))
	return rasterGrid{r: r, k: k, x0: float64(r.i0) * r.cellKm, y0: float64(r.j0) * r.cellKm,
		step: float64(r.f) * r.cellKm / float64(k)}
}

// rasterGrid is a raster, supersampled k times, as a plotter.GridXYZ in
// kilometres.
type rasterGrid struct {
	r      *raster
	k      int
	x0, y0 float64
	step   float64
}

func (g rasterGrid) Dims() (c, r int)   { return g.r.rw * g.k, g.r.rh * g.k }
func (g rasterGrid) Z(c, r int) float64 { return g.r.vals[(r/g.k)*g.r.rw+c/g.k] }
func (g rasterGrid) X(c int) float64    { return g.x0 + (float64(c)+0.5)*g.step }
func (g rasterGrid) Y(r int) float64    { return g.y0 + (float64(r)+0.5)*g.step }

// Min and Max let plotter.NewHeatMap skip its scan; the map sets its own.
func (g rasterGrid) Min() float64 { return 0 }
func (g rasterGrid) Max() float64 { return 1 }

// heatMap is a plotter.HeatMap without glyph boxes (the heat map would
// return one per pixel, which costs a lot and pads nothing).
type heatMap struct{ h *plotter.HeatMap }

func (m heatMap) Plot(c draw.Canvas, p *plot.Plot)            { m.h.Plot(c, p) }
func (m heatMap) DataRange() (xmin, xmax, ymin, ymax float64) { return m.h.DataRange() }

// outlines draws the hazards' rings in kilometres: suspected areas
// (rings[0]) dashed grey, confirmed ones (rings[1]) solid dark red and
// thicker, on top.
type outlines struct {
	rings     [2][]plotter.XYs
	style     [2]draw.LineStyle
	incidents bool // the map shows incidents (for the legend)
}

var (
	shaStyle = draw.LineStyle{Color: color.RGBA{0x40, 0x40, 0x40, 0xff}, Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(3), vg.Points(2)}}
	chaStyle = draw.LineStyle{Color: color.RGBA{0x67, 0x00, 0x0d, 0xff}, Width: vg.Points(1.4)}
)

func (o *outlines) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var pts []vg.Point
	for k := range o.rings {
		for _, r := range o.rings[k] {
			pts = pts[:0]
			for _, q := range r {
				pts = append(pts, vg.Point{X: trX(q.X), Y: trY(q.Y)})
			}
			c.StrokeLines(o.style[k], c.ClipLinesXY(pts)...)
		}
	}
}

// hazardRingsKm returns the rings of the suspected (and unknown-kind)
// hazards and of the confirmed ones, in kilometres.
func hazardRingsKm(pr *geo.Projected) (sha, cha []plotter.XYs) {
	if pr == nil {
		return nil, nil
	}
	for h, mp := range pr.Hazards {
		confirmed := pr.Source != nil && h < len(pr.Source.Hazards) && pr.Source.Hazards[h].Kind == geo.CHA
		for _, poly := range mp {
			for _, ring := range poly {
				xy := make(plotter.XYs, len(ring))
				for k, q := range ring {
					xy[k] = plotter.XY{X: q.X / 1000, Y: q.Y / 1000}
				}
				if confirmed {
					cha = append(cha, xy)
				} else {
					sha = append(sha, xy)
				}
			}
		}
	}
	return sha, cha
}

// incidents draws the incidents within the map as small crosses.
type incidents struct{ xy []plotter.XY }

var incidentGlyph = draw.GlyphStyle{Color: color.RGBA{0x08, 0x30, 0x6b, 0xff}, Radius: vg.Points(2.2), Shape: draw.CrossGlyph{}}

func incidentsIn(pr *geo.Projected, x0, x1, y0, y1 float64) *incidents {
	in := &incidents{}
	if pr == nil {
		return in
	}
	for _, q := range pr.Incidents {
		x, y := q.X/1000, q.Y/1000
		if x >= x0 && x <= x1 && y >= y0 && y <= y1 {
			in.xy = append(in.xy, plotter.XY{X: x, Y: y})
		}
	}
	return in
}

func (in *incidents) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, q := range in.xy {
		if pt := (vg.Point{X: trX(q.X), Y: trY(q.Y)}); c.Contains(pt) {
			c.DrawGlyph(incidentGlyph, pt)
		}
	}
}

// drawScaleBar draws a scale bar in the lower left of the data area: a
// round length (1, 2 or 5 times a power of ten kilometres) near a fifth of
// the width, on a white box, labelled.
func drawScaleBar(data draw.Canvas, widthKm float64, sty text.Style) {
	w := float64(data.Max.X - data.Min.X)
	if !(widthKm > 0) || !(w > 0) {
		return
	}
	km, bar, box := scaleBarBox(data, widthKm)
	sty.Font.Size = 9
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
	x0, y0 := data.Min.X+0.4*vg.Centimeter, data.Min.Y+0.4*vg.Centimeter
	label := strconv.FormatFloat(km, 'f', -1, 64) + " km"
	data.SetColor(color.NRGBA{0xff, 0xff, 0xff, 0xd0})
	data.Fill(box.Path())
	black := draw.LineStyle{Color: color.Black, Width: vg.Points(1.2)}
	data.StrokeLine2(black, x0, y0, x0+bar, y0)
	for _, x := range []vg.Length{x0, x0 + bar/2, x0 + bar} {
		data.StrokeLine2(black, x, y0, x, y0+0.12*vg.Centimeter)
	}
	data.FillText(sty, vg.Point{X: x0 + bar/2, Y: y0 + 0.18*vg.Centimeter}, label)
}

// scaleBarBox returns the scale bar's length in km and on the canvas, and
// the box it is drawn on (names are kept out of it).
func scaleBarBox(data draw.Canvas, widthKm float64) (km float64, bar vg.Length, box vg.Rectangle) {
	w := float64(data.Max.X - data.Min.X)
	km = niceLength(widthKm / 5)
	bar = vg.Length(km / widthKm * w)
	x0, y0 := data.Min.X+0.4*vg.Centimeter, data.Min.Y+0.4*vg.Centimeter
	box = vg.Rectangle{Min: vg.Point{X: x0 - 0.15*vg.Centimeter, Y: y0 - 0.15*vg.Centimeter},
		Max: vg.Point{X: x0 + bar + 0.15*vg.Centimeter, Y: y0 + 0.75*vg.Centimeter}}
	return km, bar, box
}

// northArrowBox is the box the north arrow is drawn on.
func northArrowBox(data draw.Canvas) vg.Rectangle {
	x := data.Min.X + 0.7*vg.Centimeter
	top := data.Max.Y - 0.35*vg.Centimeter
	h := 0.9 * vg.Centimeter
	return vg.Rectangle{Min: vg.Point{X: x - 0.4*vg.Centimeter, Y: top - h - 0.55*vg.Centimeter},
		Max: vg.Point{X: x + 0.4*vg.Centimeter, Y: top + 0.1*vg.Centimeter}}
}

// niceLength rounds x > 0 down to 1, 2 or 5 times a power of ten.
func niceLength(x float64) float64 {
	mag := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{5, 2, 1} {
		if m*mag <= x {
			return m * mag
		}
	}
	return mag
}

// drawNorthArrow draws an arrow pointing to grid north, with an N, in the
// upper left of the data area (the map's y axis is the projection's
// northing, within a few degrees of true north in a UTM zone).
func drawNorthArrow(data draw.Canvas, sty text.Style) {
	x := data.Min.X + 0.7*vg.Centimeter
	top := data.Max.Y - 0.35*vg.Centimeter
	h := 0.9 * vg.Centimeter
	data.SetColor(color.NRGBA{0xff, 0xff, 0xff, 0xd0})
	data.Fill(northArrowBox(data).Path())
	var head vg.Path
	head.Move(vg.Point{X: x, Y: top})
	head.Line(vg.Point{X: x - 0.18*vg.Centimeter, Y: top - 0.4*vg.Centimeter})
	head.Line(vg.Point{X: x + 0.18*vg.Centimeter, Y: top - 0.4*vg.Centimeter})
	head.Close()
	data.SetColor(color.Black)
	data.Fill(head)
	data.StrokeLine2(draw.LineStyle{Color: color.Black, Width: vg.Points(1.5)}, x, top-0.4*vg.Centimeter, x, top-h)
	sty.Font.Size = 11
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
	data.FillText(sty, vg.Point{X: x, Y: top - h - 0.05*vg.Centimeter}, "N")
}

// layerExtentKm is the extent of the hazards (or, without any, the
// settlements) in kilometres; a unit square if there is nothing.
func layerExtentKm(pr *geo.Projected) (x0, x1, y0, y1 float64) {
	x0, y0 = math.Inf(1), math.Inf(1)
	x1, y1 = math.Inf(-1), math.Inf(-1)
	add := func(q geo.XY) {
		x0, x1 = min(x0, q.X/1000), max(x1, q.X/1000)
		y0, y1 = min(y0, q.Y/1000), max(y1, q.Y/1000)
	}
	if pr != nil {
		for _, mp := range pr.Hazards {
			for _, poly := range mp {
				for _, ring := range poly {
					for _, q := range ring {
						add(q)
					}
				}
			}
		}
		if math.IsInf(x0, 1) {
			for _, q := range pr.Settlements {
				add(q)
			}
		}
	}
	if math.IsInf(x0, 1) {
		return 0, 1, 0, 1
	}
	return x0, x1, y0, y1
}

// settlements draws points with names beside them, on a white halo.
type settlements struct {
	xy    []plotter.XY
	names []string
	pops  []int // population, -1 unknown
	style text.Style
	// widthKm is the map's width, for the scale bar's box, which names
	// keep out of, as they keep out of the north arrow's.
	widthKm float64
}

func settlementsIn(pr *geo.Projected, x0, x1, y0, y1 float64) *settlements {
	s := &settlements{}
	if pr == nil {
		return s
	}
	for k, q := range pr.Settlements {
		x, y := q.X/1000, q.Y/1000
		if x < x0 || x > x1 || y < y0 || y > y1 {
			continue
		}
		name, pop := "", -1
		if pr.Source != nil && k < len(pr.Source.Settlements) {
			name, pop = pr.Source.Settlements[k].Name, pr.Source.Settlements[k].Population
		}
		s.xy = append(s.xy, plotter.XY{X: x, Y: y})
		s.names = append(s.names, name)
		s.pops = append(s.pops, pop)
	}
	return s
}

var (
	settlementDot  = draw.GlyphStyle{Color: color.Black, Radius: vg.Points(2.6), Shape: draw.CircleGlyph{}}
	settlementRing = draw.GlyphStyle{Color: color.White, Radius: vg.Points(3.8), Shape: draw.CircleGlyph{}}
)

// dotRadius is the settlements' dot size: smaller when there are many, so
// that a national map is not a field of dots.
func (s *settlements) dotRadius() vg.Length {
	if len(s.xy) > 150 {
		return vg.Points(1.6)
	}
	return vg.Points(2.6)
}

// label is a name placed on the map: the settlement, the spot (an index
// into labelSpots) and the rectangle its text covers.
type label struct {
	i, spot int
	rect    vg.Rectangle
}

// placeLabels places the names, the most populous settlement first
// (unknown populations last, then by index), each at the first of eight
// spots around its point that stays inside c and clear of every point and
// every name placed before; a name with no clear spot is left out, so no
// two names and no name and point overlap at any scale. pts are the
// points on c.
func (s *settlements) placeLabels(c draw.Canvas, pts []vg.Point) []label {
	order := make([]int, len(pts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(s.pops[b], s.pops[a]) })
	r := s.dotRadius() + vg.Points(0.9)
	taken := make([]vg.Rectangle, 0, 2*len(pts)+2)
	for _, pt := range pts {
		taken = append(taken, vg.Rectangle{Min: vg.Point{X: pt.X - r, Y: pt.Y - r}, Max: vg.Point{X: pt.X + r, Y: pt.Y + r}})
	}
	if s.widthKm > 0 {
		_, _, box := scaleBarBox(c, s.widthKm)
		taken = append(taken, box, northArrowBox(c))
	}
	var out []label
	for _, i := range order {
		if s.names[i] == "" {
			continue
		}
		for k, cand := range labelSpots {
			sty := s.style
			sty.XAlign, sty.YAlign = cand.x, cand.y
			at := pts[i].Add(cand.off)
			rect := sty.Rectangle(s.names[i])
			rect.Min, rect.Max = rect.Min.Add(at), rect.Max.Add(at)
			if rect.Min.X < c.Min.X || rect.Max.X > c.Max.X || rect.Min.Y < c.Min.Y || rect.Max.Y > c.Max.Y {
				continue
			}
			own := taken[i]
			if slices.ContainsFunc(taken, func(t vg.Rectangle) bool { return t != own && overlaps(rect, t) }) {
				continue
			}
			taken = append(taken, rect)
			out = append(out, label{i: i, spot: k, rect: rect})
			break
		}
	}
	return out
}

func (s *settlements) Plot(c draw.Canvas, p *plot.Plot) {
	s.widthKm = p.X.Max - p.X.Min
	trX, trY := p.Transforms(&c)
	pts := make([]vg.Point, len(s.xy))
	for i, q := range s.xy {
		pts[i] = vg.Point{X: trX(q.X), Y: trY(q.Y)}
		if c.Contains(pts[i]) {
			ring, dot := settlementRing, settlementDot
			ring.Radius, dot.Radius = s.dotRadius()+vg.Points(1.2), s.dotRadius()
			c.DrawGlyph(ring, pts[i])
			c.DrawGlyph(dot, pts[i])
		}
	}
	halo := s.style
	halo.Color = color.White
	d := vg.Points(1)
	for _, l := range s.placeLabels(c, pts) {
		sty := s.style
		sty.XAlign, sty.YAlign = labelSpots[l.spot].x, labelSpots[l.spot].y
		at := pts[l.i].Add(labelSpots[l.spot].off)
		h := halo
		h.XAlign, h.YAlign = sty.XAlign, sty.YAlign
		for _, o := range [...]vg.Point{{X: -d}, {X: d}, {Y: -d}, {Y: d}, {X: -d, Y: -d}, {X: d, Y: d}, {X: -d, Y: d}, {X: d, Y: -d}} {
			c.FillText(h, at.Add(o), s.names[l.i])
		}
		c.FillText(sty, at, s.names[l.i])
	}
}

// labelSpots are the positions tried for a name, in order: right, left,
// above, below, then the four diagonals.
var labelSpots = [...]struct {
	off vg.Point
	x   draw.XAlignment
	y   draw.YAlignment
}{
	{vg.Point{X: 6}, draw.XLeft, draw.YCenter},
	{vg.Point{X: -6}, draw.XRight, draw.YCenter},
	{vg.Point{Y: 5}, draw.XCenter, draw.YBottom},
	{vg.Point{Y: -5}, draw.XCenter, draw.YTop},
	{vg.Point{X: 4, Y: 4}, draw.XLeft, draw.YBottom},
	{vg.Point{X: 4, Y: -4}, draw.XLeft, draw.YTop},
	{vg.Point{X: -4, Y: 4}, draw.XRight, draw.YBottom},
	{vg.Point{X: -4, Y: -4}, draw.XRight, draw.YTop},
}

func overlaps(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

// Thumbnail draws the legend entry.
func (s *settlements) Thumbnail(c *draw.Canvas) {
	c.DrawGlyph(settlementDot, c.Center())
}

// sans sets a text style to Liberation Sans of the given size in points.
func sans(sty *text.Style, size vg.Length) {
	sty.Font.Typeface = "Liberation"
	sty.Font.Variant = "Sans"
	sty.Font.Size = size
}

// colourBar draws a vertical colour bar of a colour map as filled bands
// (vector, so it stays crisp): x in [0, 1], y the map's range.
type colourBar struct {
	cmap palette.ColorMap
}

func (b *colourBar) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	const n = 128
	lo, hi := b.cmap.Min(), b.cmap.Max()
	x0, x1 := trX(0), trX(1)
	for i := range n {
		v0 := lo + (hi-lo)*float64(i)/n
		v1 := lo + (hi-lo)*float64(i+1)/n
		col, err := b.cmap.At((v0 + v1) / 2)
		if err != nil {
			continue
		}
		// Overlap each band with the next by a hair so no seam shows.
		y0, y1 := trY(v0), trY(v1)+vg.Points(0.3)
		if i == n-1 {
			y1 = trY(v1)
		}
		c.SetColor(col)
		c.Fill(vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1}}.Path())
	}
	c.StrokeLines(draw.LineStyle{Color: color.Black, Width: vg.Points(0.5)},
		[]vg.Point{{X: x0, Y: trY(lo)}, {X: x1, Y: trY(lo)}, {X: x1, Y: trY(hi)}, {X: x0, Y: trY(hi)}, {X: x0, Y: trY(lo)}})
}

func (b *colourBar) DataRange() (xmin, xmax, ymin, ymax float64) {
	return 0, 1, b.cmap.Min(), b.cmap.Max()
}

// roundUp2 rounds x > 0 up to two significant digits: 2.5629 → 2.6.
func roundUp2(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 0) {
		return x
	}
	e := math.Pow(10, math.Floor(math.Log10(x))-1)
	return math.Ceil(x/e-1e-9) * e
}
