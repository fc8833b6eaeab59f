package planning

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/risk"
)

// UnitOptions sets how [UnitsFromSurface] cuts hazards into work units. A
// nil *UnitOptions means every default.
type UnitOptions struct {
	// BlockM is the side of a block in metres. 0 (the default) makes one
	// unit per hazard. A positive BlockM must be a whole multiple of the
	// surface's cell size; the plane is then cut into BlockM × BlockM
	// squares aligned to the grid's origin (block (bi, bj) holds the cells
	// (i, j) with ⌊i·cell/BlockM⌋ = bi and ⌊j·cell/BlockM⌋ = bj), and the
	// cells of one hazard that fall in one block form one unit, even when
	// they do not touch within the block.
	BlockM float64
	// IncludeClosed keeps hazards whose status is geo.StatusClosed; by
	// default they are left out (they are released already), and so is
	// their share of the cells they have in common with open hazards.
	IncludeClosed bool
	// District names a hazard's district (Unit.District, which selects
	// observed release rates in a Policy). Nil means the hazard's
	// "district" property: a string as is, a number or boolean as written
	// by fmt, anything else (or none) "".
	District func(h geo.Hazard) string
	// SliverM2 is the area below which a block is a sliver: it is merged
	// into the largest neighbouring block of the same hazard (sharing a
	// side, else a corner) that is not a sliver, so a team does not make
	// a trip for a few square metres. 0 means DefaultSliverM2; a negative
	// value merges nothing. Whole-hazard units (BlockM 0) are never
	// merged, nor a sliver without such a neighbour.
	SliverM2 float64
	// LandNames are the hazard properties a unit's Land is read from; nil
	// means DefaultLandNames(). Every unit of a hazard has its land.
	LandNames *LandNames
}

// DefaultSliverM2 is UnitOptions.SliverM2's default: 0.1 ha.
const DefaultSliverM2 = 1000.0

// UnitsFromSurface cuts the hazards of a risk surface into work units: one
// per hazard, or one per block of a hazard (see [UnitOptions.BlockM]).
//
// Overlap: a cell's hazard area, the exact area of the union of the hazards
// in the cell, is shared among the hazards touching it, and the cell's risk
// follows the area: each hazard gets the same share of both. Direct
// evidence wins (IMAS): where CHAs and SHAs overlap in a cell, the CHAs
// get their own areas in the cell first (from
// risk.Surface.CellHazardAreas), together at most the union area, split
// among them in proportion to their own areas, and the SHAs share only
// what is left of the union area, in proportion to theirs; so no confirmed
// ground is planned as suspected (and sent to non-technical survey, which
// is expected to cancel part of it). Hazards of one kind overlapping share
// in proportion to their own areas, exactly as risk.HazardScore shares
// RiskMass. So, with every hazard kept, the units' AreaM2 sum to the union
// area and their Risk to the surface's total risk; a hazard unit's Risk
// equals its HazardScore.RiskMass to rounding unless the hazard overlaps
// one of the other kind in some cell (then a CHA unit has more, an SHA
// unit less). For a surface scored with UseArea, the union area of each
// cell is recomputed with geo.Grid.CoverUnion (the surface does not keep
// it), only the scored cells (those of the area of interest) count, and a
// cell's risk counted is, as HazardScore counts it, Risk × min(1,
// union/area) — so the units' Risk sum to the hazards' RiskMass, not to
// the total risk of the area of interest.
//
// Each unit has: ID, the hazard's id ("#<index>" if it has none), or
// "<hazard id>/<bi>,<bj>" for a block; Kind and Evidence from the hazard;
// AreaM2 and Risk as above; Centre, the area-weighted centroid of its cells'
// centres, and LonLat, that centre in WGS84 by s.Projection.Inverse (NaN
// without a projection); HazardIDs and Hazards naming the hazard; Cells,
// ascending; Block; District (see UnitOptions.District); Land, read from
// the hazard's properties (see UnitOptions.LandNames). A land property
// that is not a class name (an object, a list, a boolean) is an error
// naming the hazard's index, id and property, for every such hazard.
//
// With blocks, a block under UnitOptions.SliverM2 (0.1 ha by default) is
// merged into a neighbouring block of its hazard (see SliverM2): the unit
// keeps that block's id, and adds the sliver's area, risk and cells.
//
// Units come in hazard order, and a hazard's blocks by bj then bi. A kept
// hazard without any scored cell (degenerate, or outside the area of
// interest) still gives one unit, of zero area and risk and with no cells,
// centred on its bounding box, so no hazard silently disappears; closed
// hazards left out by default are the only hazards not in the output.
//
// It returns an error wrapping [ErrInvalid] for a BlockM that is negative,
// not finite, or not a whole multiple of the cell size, and one wrapping
// [ErrMissing] if the surface has no source dataset with its hazards. An
// empty surface gives no units (one empty unit per kept hazard, if it has
// hazards). Cost: O(cells + Σ hazards per cell) time and memory, plus, with
// UseArea, the union coverage of the hazards. It panics if s is nil.
func UnitsFromSurface(s *risk.Surface, opts *UnitOptions) ([]Unit, error) {
	if s == nil {
		panic("planning: UnitsFromSurface of a nil *risk.Surface")
	}
	var o UnitOptions
	if opts != nil {
		o = *opts
	}
	p := s.Projected()
	if p == nil || p.Source == nil || len(p.Source.Hazards) != len(p.Hazards) {
		return nil, fmt.Errorf("planning: UnitsFromSurface: the surface has no source hazards: %w", ErrMissing)
	}
	size := s.Grid.Size()
	per := 0 // cells per block side; 0 = whole hazards
	if o.BlockM != 0 {
		r := o.BlockM / size
		per = int(math.Round(r))
		if !(o.BlockM > 0) || math.IsInf(o.BlockM, 1) || per < 1 || math.Abs(r-float64(per)) > 1e-9*r {
			return nil, fmt.Errorf("planning: UnitOptions.BlockM = %v m is not a positive multiple of the cell size %v m: %w",
				o.BlockM, size, ErrInvalid)
		}
	}
	hz := p.Source.Hazards
	keep := make([]bool, len(hz))
	for h := range hz {
		keep[h] = o.IncludeClosed || hz[h].Status != geo.StatusClosed
	}

	var union []float64 // per scored cell, with UseArea only
	if s.UseArea && len(s.Cells) > 0 {
		cov, err := s.Grid.CoverUnion(context.Background(), p.Hazards, nil)
		if err != nil {
			return nil, fmt.Errorf("planning: UnitsFromSurface: %w", err)
		}
		union = make([]float64, len(s.Cells))
		for k := range s.Cells {
			if q, ok := cov.Find(s.Cells[k].I, s.Cells[k].J); ok {
				union[k] = cov.Cells[q].AreaM2
			}
		}
	}

	type key struct{ h, bi, bj int }
	type acc struct {
		key
		area, risk, wx, wy float64
		cells              []int
	}
	var accs []acc
	var shares []float64
	at := make(map[key]int)
	for k := range s.Cells {
		hs := s.CellHazards(k)
		if len(hs) == 0 {
			continue
		}
		as := s.CellHazardAreas(k)
		c := &s.Cells[k]
		u, frac := c.AreaM2, 1.0
		if union != nil {
			u = union[k]
			if c.AreaM2 > 0 {
				frac = min(1, u/c.AreaM2)
			}
		}
		shares = cellShares(shares[:0], hz, hs, as, u)
		for q, h := range hs {
			if !keep[h] {
				continue
			}
			share := shares[q]
			kk := key{h: int(h)}
			if per > 0 {
				kk.bi, kk.bj = floorDiv(c.I, per), floorDiv(c.J, per)
			}
			x, ok := at[kk]
			if !ok {
				x = len(accs)
				at[kk] = x
				accs = append(accs, acc{key: kk})
			}
			ac := &accs[x]
			a := u * share
			ac.area += a
			ac.risk += c.Risk * frac * share
			ac.wx += a * c.Centre.X
			ac.wy += a * c.Centre.Y
			ac.cells = append(ac.cells, k)
		}
	}
	if per > 0 {
		sliver := o.SliverM2
		if sliver == 0 {
			sliver = DefaultSliverM2
		}
		if math.IsNaN(sliver) || math.IsInf(sliver, 0) {
			return nil, fmt.Errorf("planning: UnitOptions.SliverM2 = %v: %w", o.SliverM2, ErrInvalid)
		}
		if sliver > 0 {
			type merge struct{ from, into int }
			var merges []merge
			for x := range accs {
				a := &accs[x]
				if a.area >= sliver {
					continue
				}
				best := -1
				for _, side := range [2][][2]int{{{-1, 0}, {1, 0}, {0, -1}, {0, 1}}, {{-1, -1}, {1, -1}, {-1, 1}, {1, 1}}} {
					for _, d := range side {
						y, ok := at[key{h: a.h, bi: a.bi + d[0], bj: a.bj + d[1]}]
						if !ok || accs[y].area < sliver {
							continue
						}
						if best < 0 || accs[y].area > accs[best].area {
							best = y
						}
					}
					if best >= 0 {
						break
					}
				}
				if best >= 0 {
					merges = append(merges, merge{x, best})
				}
			}
			dead := make([]bool, len(accs))
			for _, mg := range merges {
				a, b := &accs[mg.from], &accs[mg.into]
				b.area += a.area
				b.risk += a.risk
				b.wx += a.wx
				b.wy += a.wy
				b.cells = append(b.cells, a.cells...)
				slices.Sort(b.cells)
				dead[mg.from] = true
			}
			kept := accs[:0]
			for x := range accs {
				if !dead[x] {
					kept = append(kept, accs[x])
				}
			}
			accs = kept
		}
	}
	// Hazards without a cell still get a unit.
	seen := make([]bool, len(hz))
	for i := range accs {
		seen[accs[i].h] = true
	}
	for h := range hz {
		if keep[h] && !seen[h] {
			accs = append(accs, acc{key: key{h: h, bi: math.MinInt, bj: math.MinInt}})
		}
	}
	slices.SortFunc(accs, func(a, b acc) int {
		if c := cmp.Compare(a.h, b.h); c != 0 {
			return c
		}
		if c := cmp.Compare(a.bj, b.bj); c != 0 {
			return c
		}
		return cmp.Compare(a.bi, b.bi)
	})

	names := o.LandNames
	if names == nil {
		dn := DefaultLandNames()
		names = &dn
	}
	lands := make([]Land, len(hz))
	var landErrs []error
	for h := range hz {
		if !keep[h] {
			continue
		}
		l, err := names.Read(hz[h].Properties)
		if err != nil {
			landErrs = append(landErrs, landError(h, hz[h].ID, err))
		}
		lands[h] = l
	}
	if landErrs != nil {
		return nil, fmt.Errorf("planning: UnitsFromSurface: %w", errors.Join(landErrs...))
	}

	units := make([]Unit, len(accs))
	for i := range accs {
		ac := &accs[i]
		h := &hz[ac.h]
		id := h.ID
		if id == "" {
			id = "#" + strconv.Itoa(ac.h)
		}
		u := Unit{
			ID:        id,
			Kind:      h.Kind,
			AreaM2:    ac.area,
			Risk:      ac.risk,
			HazardIDs: []string{h.ID},
			Evidence:  slices.Clone(h.Evidence),
			Hazards:   []int{ac.h},
			Cells:     ac.cells,
			Land:      lands[ac.h],
		}
		if o.District != nil {
			u.District = o.District(*h)
		} else {
			u.District = propString(h.Properties["district"])
		}
		switch {
		case len(ac.cells) == 0:
			u.Centre = boxCentre(p.Hazards[ac.h])
		case ac.area > 0:
			u.Centre = geo.XY{X: ac.wx / ac.area, Y: ac.wy / ac.area}
		default:
			u.Centre = s.Cells[ac.cells[0]].Centre
		}
		if per > 0 && len(ac.cells) > 0 {
			u.Block = true
			u.ID = fmt.Sprintf("%s/%d,%d", id, ac.bi, ac.bj)
		}
		if s.Projection != nil {
			u.LonLat = s.Projection.Inverse(u.Centre)
		} else {
			u.LonLat = geo.LonLat{Lon: math.NaN(), Lat: math.NaN()}
		}
		units[i] = u
	}
	return units, nil
}

// cellShares appends to dst the share of a cell's union area u (and so of
// its risk) that goes to each of the hazards hs, whose own areas in the
// cell are as, and returns it; the shares sum to 1. Direct evidence wins:
// the CHAs get their own areas first, together at most u, split among
// them by own area, and the other hazards (SHAs) share the rest of u by
// own area. Where only one kind is present, every hazard's share is its own
// area over their sum. A group whose own areas sum to 0 splits its part
// evenly. Cost: O(len(hs)), no allocation when dst has room.
func cellShares(dst []float64, hz []geo.Hazard, hs []int32, as []float64, u float64) []float64 {
	var sumC, sumS float64
	var nC, nS int
	for q, h := range hs {
		if hz[h].Kind == geo.CHA {
			sumC += as[q]
			nC++
		} else {
			sumS += as[q]
			nS++
		}
	}
	// partC is the CHAs' share of the cell, partS the others'.
	partC, partS := 1.0, 0.0
	switch {
	case nC == 0:
		partC, partS = 0, 1
	case nS == 0:
	case u > 0:
		partC = min(sumC, u) / u
		partS = 1 - partC
	case sumC+sumS > 0: // no union area to share: the old rule, by own area
		partC = sumC / (sumC + sumS)
		partS = 1 - partC
	default:
		partC = float64(nC) / float64(nC+nS)
		partS = 1 - partC
	}
	for q, h := range hs {
		part, sum, n := partS, sumS, nS
		if hz[h].Kind == geo.CHA {
			part, sum, n = partC, sumC, nC
		}
		share := part / float64(n)
		if sum > 0 {
			share = part * as[q] / sum
		}
		dst = append(dst, share)
	}
	return dst
}

// floorDiv returns ⌊a / b⌋ for b > 0.
func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// boxCentre returns the centre of the bounding box of mp's positions, or
// the origin if it has none.
func boxCentre(mp geo.MultiPolygonXY) geo.XY {
	lo := geo.XY{X: math.Inf(1), Y: math.Inf(1)}
	hi := geo.XY{X: math.Inf(-1), Y: math.Inf(-1)}
	for _, poly := range mp {
		for _, ring := range poly {
			for _, q := range ring {
				lo.X, lo.Y = min(lo.X, q.X), min(lo.Y, q.Y)
				hi.X, hi.Y = max(hi.X, q.X), max(hi.Y, q.Y)
			}
		}
	}
	if !(lo.X <= hi.X) || math.IsInf(lo.X, 0) || math.IsInf(hi.X, 0) || math.IsInf(lo.Y, 0) || math.IsInf(hi.Y, 0) {
		return geo.XY{}
	}
	return geo.XY{X: (lo.X + hi.X) / 2, Y: (lo.Y + hi.Y) / 2}
}

// propString returns a property value as text: a string as is, a number or
// boolean as fmt writes it, anything else "".
func propString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64, float32, int, int64, bool:
		return fmt.Sprint(x)
	}
	return ""
}
