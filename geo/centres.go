package geo

import "math"

// CentreInverse gives the WGS84 positions of the centres of a grid's cells
// in one UTM zone, bit for bit what [UTM.Inverse] gives for
// [Grid.CellCentre], for about half the cost when cells come row by row (as
// a coverage's do): the terms of the series that depend on the northing
// alone are kept for the row, and those that depend on the easting alone
// for each column (a cache of 4,096 columns). Make one with
// [UTM.CentreInverse]; it is not safe for concurrent use (give each
// goroutine its own).
type CentreInverse struct {
	u   *UTM
	g   Grid
	row struct {
		j     int
		ok    bool
		terms [2]float64
	}
	cols [4096]struct {
		i     int
		ok    bool
		terms [2]float64
	}
}

// CentreInverse returns a [CentreInverse] for the cells of grid g. Cost: a
// 100 kB table, made once.
func (u *UTM) CentreInverse(g Grid) *CentreInverse {
	return &CentreInverse{u: u, g: g}
}

// At returns the longitude and latitude of the centre of cell (i, j),
// equal to u.Inverse(g.CellCentre(i, j)). It does not allocate.
func (c *CentreInverse) At(i, j int) LonLat {
	p := c.g.CellCentre(i, j)
	s := c.u.s
	x, y := p.X-utmFalseE, p.Y-c.u.n0
	if !c.row.ok || c.row.j != j {
		c.row.j, c.row.ok, c.row.terms = j, true, rowTerms(y/s.kA)
	}
	col := &c.cols[uint(i)%uint(len(c.cols))]
	if !col.ok || col.i != i {
		col.i, col.ok, col.terms = i, true, colTerms(x/s.kA)
	}
	lat, dlon := s.inverseLatLon(x, y, c.row.terms, col.terms)
	return LonLat{Lon: c.u.wrapLon(dlon), Lat: lat * (180 / math.Pi)}
}
