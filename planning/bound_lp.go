package planning

import (
	"cmp"
	"math"
	"slices"
)

// This file computes LowerBound's relaxations (see its doc for the proofs).

// boundTerms switches the terms of the lower bound, to measure what each
// one adds; boundAll is the bound of every plan.
type boundTerms struct {
	travel  bool // durations and areas with travel (else area / rate only)
	oneTeam bool // a job on one team: ω e/(2r) (else e/(2R), the pooled machine's)
	classes bool // team classes (else one pooled class per step kind)
	coupled bool // TS and clearance coupled (else the stages one by one)
	// With coupled: the first units by Smith's ratio apart.
	first bool
	// The capacity team closures take and the least pause of a job
	// through its unit's closures (with classes and one team per job).
	closures bool
}

var boundAll = boundTerms{travel: true, oneTeam: true, classes: true, coupled: true, first: true, closures: true}

// coupledShare is the first share θ of a unit's weight put on its technical
// survey (1 − θ on its clearance) by the coupled relaxation; coupledSteps
// the steps of the search around it.
const coupledShare = 0.9

var coupledSteps = [...]float64{0.05, 0.025}

// topShares are the shares of units (the first by Smith's ratio) that the
// coupled relaxation also tries on TS with a share topTheta of their
// weight, the other units wholly on clearance. Each pair costs a stage
// solve with a sort. On the Aghdam main job θ = 0.35 gives 296.62 where
// 0.2 gave 295.21 (0.25: 296.20, 0.3: 296.52, 0.4: 295.98); on the
// small instances of TestBoundBelowExactOptimum the pair takes the bound
// from 4.44% to 4.36% below the optimum on average. Any multipliers give a
// valid bound: these are only the ones tried.
var (
	topShares = [...]float64{0.05}
	topTheta  = [...]float64{0.2, 0.35}
)

// stageLP is the relaxation of one step kind: its classes and jobs.
type stageLP struct {
	kind StepKind
	// Per class: one team's rate r_c and the class capacity R_c, m²/day.
	rate, capa []float64
	// Per job (a unit with a step of this kind): the unit, e_uc for every
	// class (job-major, len(units)·len(rate)), min_c e_uc, the least
	// duration and the least time before the step can start.
	units []int32
	e     []float64
	emin  []float64
	dmin  []float64
	head  []float64
	// eT is e class-major (eT[c·J+j] = e_uc for J jobs): the scans of one
	// class read it in an order of their own, which in e would miss the
	// cache at nearly every job of a national plan.
	eT []float64
	// nearest[c·J+j]: no class of the same rate has a smaller e_uc (the
	// first if several). Under prices shared by all classes, λ grows with
	// e among classes of one rate, so only these count.
	nearest []bool
	// The jobs by risk / min e and, per class, by risk / e_uc, decreasing:
	// the orders of the fluid schedules when every weighted job has the
	// same share of its unit's risk (built on first use).
	riskOrder  []int32
	classOrder [][]int32

	// Set by the caller: each job's share of its unit's risk on its
	// completion (ω = share × risk) and the weight μ of its duration.
	share, mu []float64

	risk, omega []float64 // the unit's risk; ω
	// Scratch.
	key     []float64
	sortBuf []uint64
	order   []int32   // weighted jobs by ω / min e
	byClass [][]int32 // per class, its weighted jobs by ω / e
	assign  []int32   // greedy class of each job, −1 for none
	tau     []float64
	// Per class, per unit of e: a job's own half, its duration, and the
	// two plus half its time on the class's fluid machine.
	halfPer, durPer, fluidPer []float64
	pooled, greedy            []float64 // per job, the least λ over the classes
	cons, rho                 []float64
	pr                        price
	prs                       []price
	// The weights and value of the last solve.
	lastShare, lastMu []float64
	lastValue         float64
	// Per class, the capacity its teams' closures take (see LowerBound,
	// "Team closures"); nil without team closures.
	lost [][]lostSpan
	// Unit closures (see LowerBound, "Unit closures"): per job and class
	// (like e), e_uc with the least pause of a job on that class that ends
	// by the job's closeEnd, +Inf if none can; per job, closeEnd (the end
	// of its unit's last closure; 0 without closures). Nil without unit
	// closures.
	ePaused, closeEnd []float64
	// Per job, the least λ over the classes with paused jobs.
	pooledP, greedyP []float64
	// Per class, its number of jobs; buffers for the classes' job lists
	// and prices.
	count    []int
	classBuf []int32
	priceBuf []float64
}

// price is a convex, non-increasing, piecewise linear function of time:
// v[i] at t[i] (t increasing), linear between, 0 from the last t on; the
// slope of segment i is −rho[i], and rho is non-increasing.
type price struct{ t, v, rho []float64 }

// lostSpan is capacity a class loses while one of its teams is closed: r
// m²/day over the working days [a, b).
type lostSpan struct{ a, b, r float64 }

// fluid builds the prices of jobs processed one after the other by a
// machine of capacity rc from h: job i uses cons[i] and has density rho[i]
// (non-increasing), and the price at t is ∫_t^∞ of the density processed.
func (p *price) fluid(h, rc float64, cons, rho []float64) {
	p.t, p.v, p.rho = append(p.t[:0], h), p.v[:0], p.rho[:0]
	t := h
	for i := range cons {
		// A piece of no length (rounding) has no price: leave it out.
		if next := t + cons[i]/rc; next > t {
			t = next
			p.t = append(p.t, t)
			// Densities come in decreasing order up to the float32 keys
			// they were sorted on; any prices ≥ 0 give a valid bound, so
			// keep rho non-increasing (convex prices, exact minimum).
			r := rho[i]
			if n := len(p.rho); n > 0 {
				r = min(r, p.rho[n-1])
			}
			p.rho = append(p.rho, r)
		}
	}
	p.v = slices.Grow(p.v, len(p.t))[:len(p.t)]
	p.v[len(p.t)-1] = 0
	for i := len(p.t) - 2; i >= 0; i-- {
		p.v[i] = p.v[i+1] + p.rho[i]*(p.t[i+1]-p.t[i])
	}
}

// at returns the price at x ≥ t[0]. Cost: O(log n).
func (p *price) at(x float64) float64 {
	n := len(p.t)
	if n < 2 || x >= p.t[n-1] {
		return 0
	}
	if x <= p.t[0] {
		return p.v[0]
	}
	k, _ := slices.BinarySearch(p.t, x) // t[k-1] < x ≤ t[k]
	return p.v[k] + p.rho[k-1]*(p.t[k]-x)
}

// integral returns ∫ p(t) dt from t[0] on.
func (p *price) integral() float64 {
	s := 0.0
	for i := 0; i+1 < len(p.t); i++ {
		s += (p.t[i+1] - p.t[i]) * (p.v[i] + p.v[i+1]) / 2
	}
	return s
}

// integralOver returns ∫ p(t) dt over [a, b] ∩ [t[0], ∞) (the prices are 0
// before t[0] as after the last t). Cost: O(log n + k), k the breakpoints
// within.
func (p *price) integralOver(a, b float64) float64 {
	n := len(p.t)
	if n < 2 {
		return 0
	}
	a, b = max(a, p.t[0]), min(b, p.t[n-1])
	if !(b > a) {
		return 0
	}
	s := 0.0
	k, _ := slices.BinarySearch(p.t, a) // t[k-1] < a ≤ t[k]
	x, px := a, p.at(a)
	for ; k < n && p.t[k] < b; k++ {
		s += (p.t[k] - x) * (px + p.v[k]) / 2
		x, px = p.t[k], p.v[k]
	}
	return s + (b-x)*(px+p.at(b))/2
}

// minFrom returns min over x ≥ h of w x + e p(x) (w > 0, e > 0, h ≥
// t[0]). The function is convex with slope w − e rho[i] on segment i, so its
// minimum is at the first breakpoint t[k] with rho[k] ≤ w/e (the last
// breakpoint if none), or at h if that comes later. *k is where the search
// for k starts: the previous call's k, which is at most a few steps away
// when the calls come in decreasing w/e.
func (p *price) minFrom(w, e, h float64, k *int) float64 {
	r := w / e
	i := min(*k, len(p.rho))
	for i > 0 && p.rho[i-1] <= r {
		i--
	}
	for i < len(p.rho) && p.rho[i] > r {
		i++
	}
	*k = i
	if x := p.t[i]; x >= h {
		return w*x + e*p.v[i]
	}
	return w*h + e*p.at(h)
}

// newStages builds the relaxation of every step kind from the model: the
// classes (teams of the kind with the same rate and base) and the jobs with
// their heads. With terms.travel false, e_uc is the area and durations
// area / rate; with terms.classes false, the teams of a kind form one class
// of their summed capacity whose rate is the fastest team's.
func (m *model) newStages(teams []Team, terms boundTerms) (st [4]*stageLP, dmin []float64) {
	type class struct {
		team int32 // a team of the class
		pos  int   // its position in teamsOf[kind]
		rate float64
		capa float64
		lost []lostSpan // its teams' closures
	}
	var cls [4][]class
	for s := NTS; s <= Clearance; s++ {
		for pos, k := range m.teamsOf[s] {
			t := &teams[k]
			found := -1
			for c, x := range cls[s] {
				b := &teams[x.team]
				if !terms.classes || b.Method == t.Method && b.Rate() == t.Rate() && (b.Base == nil) == (t.Base == nil) && (b.Base == nil || *b.Base == *t.Base) {
					found = c
					break
				}
			}
			if found < 0 {
				cls[s] = append(cls[s], class{team: k, pos: pos})
				found = len(cls[s]) - 1
			}
			c := &cls[s][found]
			c.rate = max(c.rate, t.Rate())
			c.capa += t.Rate()
			if terms.classes && terms.closures && m.tclosed != nil {
				for _, sp := range m.tclosed[k] {
					c.lost = append(c.lost, lostSpan{sp.a, sp.b, t.Rate()})
				}
			}
		}
	}
	// dmin[4u+s] is the least duration of u's step s.
	dmin = make([]float64, 4*m.n)
	var jobs [4]int
	for j := range m.steps {
		jobs[m.steps[j].kind]++
	}
	for s := NTS; s <= Clearance; s++ {
		if len(cls[s]) == 0 {
			continue
		}
		n, nc := jobs[s], len(cls[s])
		g := &stageLP{kind: s, rate: make([]float64, nc), capa: make([]float64, nc),
			units: make([]int32, 0, n), e: make([]float64, 0, n*nc),
			emin: make([]float64, 0, n), dmin: make([]float64, 0, n), head: make([]float64, 0, n)}
		for c, x := range cls[s] {
			g.rate[c], g.capa[c] = x.rate, x.capa
			if x.lost != nil {
				if g.lost == nil {
					g.lost = make([][]lostSpan, nc)
				}
				g.lost[c] = x.lost
			}
		}
		st[s] = g
	}
	for u := range m.n {
		h := 0.0
		var uc []span // u's closures: no step of u is worked in them
		if m.uclosed != nil {
			uc = m.uclosed[u]
		}
		for j := m.stepStart[u]; j < m.stepStart[u+1]; j++ {
			step := &m.steps[j]
			g := st[step.kind]
			if uc != nil {
				h = skipClosed(h, nil, uc)
			}
			d, cl := m.row(step), m.cls[step.kind]
			nc := len(cls[step.kind])
			emin, best := math.Inf(1), math.Inf(1)
			for c, x := range cls[step.kind] {
				var e float64
				switch {
				case !terms.travel:
					e = step.area
				case !terms.classes:
					// One pooled class: the least area with travel.
					e = math.Inf(1)
					for i, k := range m.teamsOf[step.kind] {
						e = min(e, d[cl[i]]*m.rate[k])
					}
				default:
					e = d[cl[x.pos]] * g.rate[c]
				}
				g.e = append(g.e, e)
				emin = min(emin, e)
				best = min(best, e/g.rate[c])
			}
			if terms.travel {
				best = slices.Min(d) // the least duration, on any team
			}
			if terms.closures && terms.classes && terms.oneTeam && len(uc) > 0 {
				if g.ePaused == nil {
					// Jobs before: no closures, no pause.
					g.ePaused = append(make([]float64, 0, cap(g.e)), g.e[:len(g.e)-nc]...)
					g.closeEnd = make([]float64, len(g.units), cap(g.units))
				}
				omax, lmin := uc[0].a, math.Inf(1) // the longest open stretch, the shortest closure
				for i := range uc {
					lmin = min(lmin, uc[i].b-uc[i].a)
					if i > 0 {
						omax = max(omax, uc[i].a-uc[i-1].b)
					}
				}
				for c := range nc {
					e := g.e[len(g.e)-nc+c]
					if len(cls[step.kind][c].lost) == 0 {
						// A class whose teams close keeps e: a paused
						// job's occupation would count its closures twice.
						e += g.rate[c] * leastPause(e/g.rate[c], omax, lmin)
					}
					g.ePaused = append(g.ePaused, e)
				}
				g.closeEnd = append(g.closeEnd, uc[len(uc)-1].b)
			} else if g.ePaused != nil {
				g.ePaused = append(g.ePaused, g.e[len(g.e)-nc:]...)
				g.closeEnd = append(g.closeEnd, 0)
			}
			g.units = append(g.units, int32(u))
			g.emin = append(g.emin, emin)
			g.dmin = append(g.dmin, best)
			g.head = append(g.head, h)
			dmin[4*u+int(step.kind)] = best
			if uc != nil {
				h = advance(h, best, nil, uc)
			} else {
				h += best
			}
		}
	}
	for _, g := range st {
		if g == nil {
			continue
		}
		n, nc := len(g.units), len(g.rate)
		g.share, g.omega, g.mu, g.risk, g.key = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		g.pooled, g.greedy = make([]float64, n), make([]float64, n)
		if g.ePaused != nil {
			g.pooledP, g.greedyP = make([]float64, n), make([]float64, n)
		}
		g.assign = make([]int32, n)
		g.order = make([]int32, 0, n)
		g.byClass = make([][]int32, nc)
		g.tau = make([]float64, nc)
		g.halfPer, g.durPer, g.fluidPer = make([]float64, nc), make([]float64, nc), make([]float64, nc)
		g.prs = make([]price, nc)
		for j, u := range g.units {
			g.risk[j] = m.w[u]
		}
		// Per job, the class of least e in each group of one rate.
		group := make([]int, nc) // the first class of c's rate
		for c := range nc {
			group[c] = slices.Index(g.rate, g.rate[c])
		}
		g.eT = make([]float64, n*nc)
		for j := range n {
			for c := range nc {
				g.eT[c*n+j] = g.e[j*nc+c]
			}
		}
		g.nearest = make([]bool, n*nc)
		near := make([]int, nc)
		for j := range n {
			e := g.e[j*nc : (j+1)*nc]
			for c := range nc {
				near[c] = -1
			}
			for c := range nc {
				if k := near[group[c]]; k < 0 || e[c] < e[k] {
					near[group[c]] = c
				}
			}
			for _, c := range near {
				if c >= 0 {
					g.nearest[c*n+j] = true
				}
			}
		}
		g.cons, g.rho, g.sortBuf = make([]float64, 0, n), make([]float64, 0, n), make([]uint64, 0, n)
		g.count, g.classBuf, g.priceBuf = make([]int, nc), make([]int32, n), make([]float64, 3*n+2*nc)
		g.pr = price{t: make([]float64, 0, n+1), v: make([]float64, 0, n+1), rho: make([]float64, 0, n)}
	}
	return st, dmin
}

// lowerBound returns LowerBound's value for the model (with its travel) and
// the relaxation that gave it (BoundChain, …). teams are the model's.
func (m *model) lowerBound(teams []Team, terms boundTerms) (float64, string) {
	st, dmin := m.newStages(teams, terms)
	chain := 0.0
	for u := range m.n {
		c := 0.0
		for s := NTS; s <= Clearance; s++ {
			c += dmin[4*u+int(s)]
		}
		if m.uclosed != nil && m.uclosed[u] != nil {
			c = advance(0, c, nil, m.uclosed[u]) // the work pauses in u's closures
		}
		chain += m.w[u] * c
	}
	best, by := chain, BoundChain
	names := [4]string{NTS: BoundNTS, TS: BoundTS, Clearance: BoundClearance}
	try := func(b1, b2 float64, coupled bool) float64 {
		v, part := m.splitBound(&st, b1, b2, nil, 0, terms)
		if v > best {
			// Another name only if better by more than rounding.
			named := v > best+1e-12*math.Abs(best)
			best = v
			if !named {
				return v
			}
			by = BoundCoupled
			if !coupled {
				// Named after the stage that carries most of it (a unit
				// with a single step puts its weight there whatever b).
				k := NTS
				for s := TS; s <= Clearance; s++ {
					if part[s] > part[k] {
						k = s
					}
				}
				by = names[k]
			}
		}
		return v
	}
	try(1, 1, false) // the NTS stage, later steps as tails
	try(0, 1, false) // TS
	try(0, 0, false) // clearance
	if terms.coupled && st[TS] != nil && st[Clearance] != nil {
		// θ on TS, 1 − θ on clearance: from coupledShare, steps halving
		// towards the better side (the bound is close to concave in θ).
		bt := coupledShare
		bv := try(0, bt, true)
		for _, step := range coupledSteps {
			for _, th := range [2]float64{bt - step, bt + step} {
				if th > 0 && th < 1 {
					if v := try(0, th, true); v > bv {
						bt, bv = th, v
					}
				}
			}
		}
	}
	if terms.coupled && terms.first && st[TS] != nil && st[Clearance] != nil {
		// The first units by Smith's ratio on TS (a share θ), the others
		// on clearance: the first units wait for survey, the others for
		// clearance teams.
		ratio := make([]float64, m.n)
		first := make([]int, m.n)
		for u := range m.n {
			ratio[u], first[u] = m.smithRatio(u), u
		}
		slices.SortStableFunc(first, func(a, b int) int { return cmp.Compare(ratio[b], ratio[a]) })
		top := make([]bool, m.n)
		done := 0
		for _, q := range topShares {
			for ; done < int(math.Ceil(q*float64(m.n))); done++ {
				top[first[done]] = true
			}
			for _, th := range topTheta {
				if v, _ := m.splitBound(&st, 0, 0, top, th, terms); v > best+1e-12*math.Abs(best) {
					best, by = v, BoundCoupled
				}
			}
		}
	}
	if best == 0 {
		by = ""
	}
	return best, by
}

// splitBound returns the sum over step kinds of the stage relaxations with
// a unit's weight split by its precedence multipliers: for a unit of three
// steps b = (b1, b2), of two steps b = (b2), of one step none (see
// LowerBound); units u with top[u] (top may be nil) have b = (0, topB2)
// instead. 0 ≤ b1 ≤ b2 ≤ 1, 0 ≤ topB2 ≤ 1. part has each step kind's
// share.
func (m *model) splitBound(st *[4]*stageLP, b1, b2 float64, top []bool, topB2 float64, terms boundTerms) (sum float64, part [4]float64) {
	for _, g := range st {
		if g == nil {
			continue
		}
		for j, u := range g.units {
			steps := int(m.stepStart[u+1] - m.stepStart[u])
			pos := 0
			for i := m.stepStart[u]; m.steps[i].kind != g.kind; i++ {
				pos++
			}
			var b [4]float64 // b[0] = 0, b[steps] = 1
			b1, b2 := b1, b2
			if top != nil && top[u] {
				b1, b2 = 0, topB2
			}
			switch steps {
			case 1:
				b[1] = 1
			case 2:
				b[1], b[2] = b2, 1
			case 3:
				b[1], b[2], b[3] = b1, b2, 1
			}
			g.share[j] = b[pos+1] - b[pos]
			g.mu[j] = b[pos] * m.w[u]
		}
	}
	for s, g := range st {
		if g != nil {
			part[s] = g.bound(terms)
			sum += part[s]
		}
	}
	return sum, part
}

// bound returns a lower bound on Σ ω_u C_u + μ_u D_u over the stage's jobs
// (with the weights of g.share and g.mu): the larger of the dual values of
// the pooled and of the greedy fluid prices (see LowerBound). Cost:
// O(n·C) when every weighted job carries the same share of its unit's risk
// (the orders are then those built once), O(n·C·log n) otherwise.
func (g *stageLP) bound(terms boundTerms) float64 {
	// The relaxation is homogeneous: weights α·(share, μ) give α times the
	// bound of (share, μ), with the same prices scaled. Reuse the last one
	// when the weights are a multiple of its.
	if !slices.ContainsFunc(g.share, func(f float64) bool { return f > 0 }) {
		// Only durations count: every job on its fastest class.
		sum := 0.0
		for j := range g.mu {
			sum += g.mu[j] * g.dmin[j]
		}
		return sum
	}
	if a, ok := g.multipleOfLast(); ok {
		return a * g.lastValue
	}
	v := g.solve(terms)
	g.lastShare = append(g.lastShare[:0], g.share...)
	g.lastMu = append(g.lastMu[:0], g.mu...)
	g.lastValue = v
	return v
}

// multipleOfLast reports whether share and μ are α times those of the last
// solve, and α (from the first non-zero weight; exact comparisons).
func (g *stageLP) multipleOfLast() (float64, bool) {
	if len(g.lastShare) != len(g.share) {
		return 0, false
	}
	a := math.NaN()
	for j := range g.share {
		s0, m0 := g.lastShare[j], g.lastMu[j]
		if math.IsNaN(a) {
			switch {
			case s0 != 0:
				a = g.share[j] / s0
			case m0 != 0:
				a = g.mu[j] / m0
			}
		}
		if g.share[j] != a*s0 || g.mu[j] != a*m0 {
			return 0, false
		}
	}
	return a, !math.IsNaN(a) && a >= 0
}

// solve computes bound's value.
func (g *stageLP) solve(terms boundTerms) float64 {
	n, nc := len(g.units), len(g.rate)
	hmin := math.Inf(1)
	for j := range n {
		hmin = min(hmin, g.head[j])
	}
	// The weighted jobs in the orders of the fluid schedules.
	share, same := -1.0, true
	for j := range n {
		g.omega[j] = g.share[j] * g.risk[j]
		if g.omega[j] > 0 {
			if share >= 0 && g.share[j] != share {
				same = false
			}
			share = g.share[j]
		}
	}
	if share < 0 {
		// Only durations count: every job on its fastest class.
		sum := 0.0
		for j := range n {
			sum += g.mu[j] * g.dmin[j]
		}
		return sum
	}
	g.order = g.order[:0]
	if same {
		if g.riskOrder == nil {
			g.sortOrders()
		}
		for _, j := range g.riskOrder {
			if g.omega[j] > 0 {
				g.order = append(g.order, j)
			}
		}
	} else {
		for j := range n {
			if g.omega[j] > 0 {
				g.key[j] = g.omega[j] / g.emin[j]
				g.order = append(g.order, int32(j))
			}
		}
		g.sortDesc(g.order)
	}
	// Per class, per unit of e: a job's own half on one team (or, without
	// oneTeam, on the pooled machine), its duration, and both plus half its
	// time on the class's fluid machine (for the greedy choice).
	for c := range nc {
		g.halfPer[c] = 1 / (2 * g.rate[c])
		if !terms.oneTeam {
			g.halfPer[c] = 1 / (2 * g.capa[c])
		}
		g.durPer[c] = 1 / g.rate[c]
		g.fluidPer[c] = 1/(2*g.capa[c]) + g.halfPer[c]
	}
	// Pooled prices: one machine of capacity Σ R_c, jobs in order using
	// min e each.
	capa := 0.0
	for _, r := range g.capa {
		capa += r
	}
	g.cons, g.rho = g.cons[:0], g.rho[:0]
	for _, j := range g.order {
		g.cons = append(g.cons, g.emin[j])
		g.rho = append(g.rho, g.omega[j]/g.emin[j])
	}
	g.pr.fluid(hmin, capa, g.cons, g.rho)

	// Greedy prices: each job, in order, to the class where its fluid
	// completion (and duration) costs least; each class then processes its
	// jobs by ω / e.
	for c := range nc {
		g.tau[c] = hmin
		g.byClass[c] = g.byClass[c][:0]
	}
	for j := range g.assign {
		g.assign[j] = -1
	}
	for _, j := range g.order {
		bc, bv := 0, math.Inf(1)
		w, mu, e := g.omega[j], g.mu[j], g.e[int(j)*nc:int(j+1)*nc]
		for c := range nc {
			v := w*g.tau[c] + e[c]*(w*g.fluidPer[c]+mu*g.durPer[c])
			if v < bv {
				bc, bv = c, v
			}
		}
		g.tau[bc] += g.e[int(j)*nc+bc] / g.capa[bc]
		g.assign[j] = int32(bc)
	}
	// Each class's jobs and prices, carved from buffers the classes share
	// (every weighted job is in one class).
	clear(g.count)
	for _, j := range g.order {
		g.count[g.assign[j]]++
	}
	off, poff := 0, 0
	for c := range nc {
		k := g.count[c]
		g.byClass[c] = g.classBuf[off : off : off+k]
		off += k
		p := &g.prs[c]
		p.t, p.v, p.rho = g.priceBuf[poff:poff:poff+k+1], g.priceBuf[poff+k+1:poff+k+1:poff+2*k+2], g.priceBuf[poff+2*k+2:poff+2*k+2:poff+3*k+2]
		poff += 3*k + 2
	}
	for c := range nc {
		if same {
			for _, j := range g.classOrder[c] {
				if g.assign[j] == int32(c) {
					g.byClass[c] = append(g.byClass[c], j)
				}
			}
		} else {
			for _, j := range g.order {
				if g.assign[j] == int32(c) {
					g.byClass[c] = append(g.byClass[c], j)
				}
			}
			g.sortByClass(g.byClass[c], c)
		}
		g.cons, g.rho = g.cons[:0], g.rho[:0]
		for _, j := range g.byClass[c] {
			e := g.eT[c*n+int(j)]
			g.cons = append(g.cons, e)
			g.rho = append(g.rho, g.omega[j]/e)
		}
		g.prs[c].fluid(hmin, g.capa[c], g.cons, g.rho)
	}

	// λ of every job under both prices: min over the classes, and over
	// time by a scan of each class's jobs in decreasing ω / e (so the
	// breakpoint of the minimum only moves later).
	for j := range n {
		g.pooled[j], g.greedy[j] = math.Inf(1), math.Inf(1)
		if g.omega[j] == 0 {
			g.pooled[j] = g.mu[j] * g.dmin[j]
			g.greedy[j] = g.pooled[j]
		}
		if g.ePaused != nil {
			g.pooledP[j], g.greedyP[j] = math.Inf(1), math.Inf(1)
		}
	}
	var scan []int32
	for c := range nc {
		if same {
			scan = g.classOrder[c]
		} else {
			scan = append(scan[:0], g.order...)
			g.sortByClass(scan, c)
		}
		kp, kg := 0, 0
		for _, j := range scan {
			w := g.omega[j]
			if w == 0 {
				continue
			}
			e := g.eT[c*n+int(j)]
			if math.IsInf(e, 1) {
				continue // land rules keep the job off this class
			}
			base := e * (w*g.halfPer[c] + g.mu[j]*g.durPer[c])
			if g.nearest[c*n+int(j)] || !terms.oneTeam {
				g.pooled[j] = min(g.pooled[j], base+g.pr.minFrom(w, e, g.head[j], &kp))
			}
			g.greedy[j] = min(g.greedy[j], base+g.prs[c].minFrom(w, e, g.head[j], &kg))
			if g.ePaused != nil && g.closeEnd[j] > 0 {
				// The job with its least pause (see LowerBound).
				ep := g.ePaused[int(j)*nc+c]
				if math.IsInf(ep, 1) {
					continue
				}
				base := ep * (w*g.halfPer[c] + g.mu[j]*g.durPer[c])
				k := 0
				if g.nearest[c*n+int(j)] {
					g.pooledP[j] = min(g.pooledP[j], base+g.pr.minFrom(w, ep, g.head[j], &k))
				}
				k = 0
				g.greedyP[j] = min(g.greedyP[j], base+g.prs[c].minFrom(w, ep, g.head[j], &k))
			}
		}
	}
	// A job of a unit with closures either ends by closeEnd, with its
	// least pause, or after it: λ is the larger of that and the λ without
	// pauses.
	for j := range n {
		if g.ePaused == nil || g.closeEnd[j] == 0 || g.omega[j] == 0 {
			continue
		}
		late := g.omega[j]*g.closeEnd[j] + g.mu[j]*g.dmin[j]
		g.pooled[j] = max(g.pooled[j], min(g.pooledP[j], late))
		g.greedy[j] = max(g.greedy[j], min(g.greedyP[j], late))
	}
	pooled := -capa * g.pr.integral()
	greedy := 0.0
	for c := range nc {
		greedy -= g.capa[c] * g.prs[c].integral()
	}
	for j := range n {
		pooled += g.pooled[j]
		greedy += g.greedy[j]
	}
	// Team closures: the capacity a class does not have is not paid for.
	for c, lost := range g.lost {
		for _, l := range lost {
			pooled += l.r * g.pr.integralOver(l.a, l.b)
			greedy += l.r * g.prs[c].integralOver(l.a, l.b)
		}
	}
	return max(pooled, greedy)
}

// sortOrders builds riskOrder and classOrder.
func (g *stageLP) sortOrders() {
	n, nc := len(g.units), len(g.rate)
	g.riskOrder = make([]int32, n)
	for j := range n {
		g.riskOrder[j] = int32(j)
		g.key[j] = g.risk[j] / g.emin[j]
	}
	g.sortDesc(g.riskOrder)
	g.classOrder = make([][]int32, nc)
	for c := range nc {
		o := make([]int32, n)
		for j := range n {
			o[j] = int32(j)
			g.key[j] = g.risk[j] / g.eT[c*n+j]
		}
		g.sortDesc(o)
		g.classOrder[c] = o
	}
}

// sortByClass sorts jobs by ω / e_uc decreasing.
func (g *stageLP) sortByClass(jobs []int32, c int) {
	for _, j := range jobs {
		g.key[j] = g.omega[j] / g.eT[c*len(g.units)+int(j)]
	}
	g.sortDesc(jobs)
}

// sortDesc sorts jobs by key (≥ 0) decreasing, then by index, comparing
// keys in float32: an order only makes the bound tighter or looser, never
// wrong (fluid keeps the prices convex, minFrom finds the exact minimum
// whatever the order of its calls).
func (g *stageLP) sortDesc(jobs []int32) {
	g.sortBuf = g.sortBuf[:0]
	for _, j := range jobs {
		k := math.Float32bits(float32(g.key[j]))
		g.sortBuf = append(g.sortBuf, uint64(^k)<<32|uint64(uint32(j)))
	}
	slices.Sort(g.sortBuf)
	for i, x := range g.sortBuf {
		jobs[i] = int32(uint32(x))
	}
}

// leastPause returns the least time a job of d working days pauses for
// its unit's closures if it ends by the end of the last of them: every open
// stretch between them (and before the first) lasts at most omax and every
// closure at least lmin, so the job crosses at least ⌈d/omax⌉ − 1 of them;
// +Inf if omax is 0 (no work can end by then).
func leastPause(d, omax, lmin float64) float64 {
	if d <= 0 {
		return 0
	}
	if omax <= 0 {
		return math.Inf(1)
	}
	// Rounding must never add a closure: d/omax a hair above a whole
	// number counts as that number.
	return lmin * max(0, math.Ceil(d/omax*(1-1e-12))-1)
}
