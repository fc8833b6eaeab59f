package planning

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// TestPrice checks the fluid prices and the minimum the bound takes over
// them against brute force: a price is convex, non-increasing and 0 at the
// end; its integral is the trapezoids', and over an interval the midpoint
// rule's; and min over x ≥ h of w x + e p(x),
// a convex piecewise linear function, is at h or at a breakpoint after it.
func TestPrice(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for trial := range 2000 {
		n := r.IntN(12)
		cons, rho := make([]float64, n), make([]float64, n)
		for i := range n {
			cons[i] = math.Round(r.Float64() * 1000)         // zero now and then
			rho[i] = math.Round(r.Float64()*100) / 10 / 1000 // ties now and then
		}
		slices.SortFunc(rho, func(a, b float64) int { return cmp.Compare(b, a) })
		h, rc := r.Float64()*10, 1+r.Float64()*500
		var p price
		p.fluid(h, rc, cons, rho)
		if p.t[0] != h || p.v[len(p.v)-1] != 0 || len(p.v) != len(p.t) || len(p.rho) != len(p.t)-1 {
			t.Fatalf("trial %d: price %+v", trial, p)
		}
		area := 0.0
		for i := 0; i+1 < len(p.t); i++ {
			if !(p.t[i+1] > p.t[i]) || p.v[i] < p.v[i+1] || i > 0 && p.rho[i] > p.rho[i-1] {
				t.Fatalf("trial %d: not convex and non-increasing: %+v", trial, p)
			}
			if d := p.v[i] - p.v[i+1] - p.rho[i]*(p.t[i+1]-p.t[i]); math.Abs(d) > 1e-9 {
				t.Fatalf("trial %d: segment %d slope", trial, i)
			}
			area += (p.t[i+1] - p.t[i]) * (p.v[i] + p.v[i+1]) / 2
		}
		if math.Abs(area-p.integral()) > 1e-9*math.Max(1, area) {
			t.Fatalf("trial %d: integral %v, trapezoids %v", trial, p.integral(), area)
		}
		for range 20 {
			w, e := r.Float64()*0.01+1e-6, 1+r.Float64()*1000
			x0 := h + r.Float64()*float64(n)*3
			f := func(x float64) float64 { return w*x + e*p.at(x) }
			want := f(x0)
			for _, x := range p.t {
				if x >= x0 {
					want = min(want, f(x))
				}
			}
			k := r.IntN(len(p.t) + 1) // any starting hint
			if got := p.minFrom(w, e, x0, &k); math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
				t.Fatalf("trial %d: min from %v of %vx + %vp(x) = %v, want %v", trial, x0, w, e, got, want)
			}
			// at agrees with the segments.
			x := h + r.Float64()*(p.t[len(p.t)-1]-h+1)
			i := max(0, min(len(p.t)-1, sort.SearchFloat64s(p.t, math.Nextafter(x, math.Inf(1)))-1)) // last t ≤ x
			want = 0
			if i+1 < len(p.t) && x < p.t[len(p.t)-1] {
				want = p.v[i] - p.rho[i]*(x-p.t[i])
			}
			if got := p.at(x); math.Abs(got-want) > 1e-9*math.Max(1, want) {
				t.Fatalf("trial %d: p(%v) = %v, want %v", trial, x, got, want)
			}
			// integralOver agrees with the midpoint rule (prices 0 before
			// t[0] and after the last t).
			if trial%4 != 0 {
				continue
			}
			end := p.t[len(p.t)-1]
			a := h - 2 + r.Float64()*(end-h+4)
			b := a + r.Float64()*(end-h+2)
			const steps = 5000
			mid := 0.0
			for i := range steps {
				x := a + (b-a)*(float64(i)+0.5)/steps
				if x >= h {
					mid += p.at(x)
				}
			}
			mid *= (b - a) / steps
			// The rule's error: a cell's worth at the jump at t[0], and
			// the kinks' (second order).
			tol := 2*p.v[0]*(b-a)/steps + 1e-6*math.Max(1e-3, mid)
			if got := p.integralOver(a, b); math.Abs(got-mid) > tol {
				t.Fatalf("trial %d: ∫ p over [%v, %v] = %v, midpoint rule %v", trial, a, b, got, mid)
			}
		}
	}
}
