// Package planning turns work units (hazards, or blocks of hectares with
// their risk) into a land release plan: which step of which unit each survey
// and clearance team does, and when; how far the plan can be from the best
// possible one; and a month-by-month forecast to the last hectare.
//
// # Work units and priorities
//
// [UnitsFromSurface] turns a scored risk surface into work units: one per
// hazard, or blocks of contiguous hectares within each hazard
// ([UnitOptions].BlockM), each with its area, risk mass, kind, evidence and
// the ids behind it. Overlapping hazards share a cell's area and risk, so
// units add up to the surface; direct evidence wins: where a confirmed
// (CHA) and a suspected (SHA) area overlap, the CHAs keep their own area
// and the SHAs share what is left, and hazards of one kind share by their
// own areas in the cell. [Prioritise] ranks
// them by the ratio the scheduler orders by (risk released per team-day)
// and says why: casualties nearby, settlements within reach, planned
// returns, evidence, and which of ANAMA's criteria (life, community needs,
// return of displaced people, reconstruction, farmland) the data supports.
// planning works on values (units, [Team], [Calendar], [Policy]) and
// never reads files: package planning/planfile reads teams, calendar and
// policy from a plan file, and [ProjectBases] puts the teams' WGS84 bases
// in the units' projected metres.
//
// # Land release
//
// Land leaves the hazard list by being cancelled (non-technical survey, NTS),
// reduced (technical survey, TS) or cleared (IMAS 07.11). A [Policy] says
// what each step is expected to release: a suspected hazardous area (SHA)
// first gets NTS, which cancels a share of it; technical survey processes
// what NTS leaves and reduces a share of it; clearance processes the rest. A
// confirmed hazardous area (CHA) skips NTS. The default shares come from
// Landmine Monitor 2023 (of land released in 2022: 32% cancelled, 24%
// reduced, 44% cleared); districts may carry observed rates instead.
//
// Each step of a unit is a job for one team whose method can do it ([Team]):
// NTS teams do NTS, TS teams do TS, and manual, dog (MDD) and mechanical
// teams clear. A job lasts the travel from the team's base to the unit's
// centre plus the processed area divided by the team's productivity, in
// working days of a [Calendar].
//
// # The ground, the authority and the money
//
// A unit's [Land] (terrain, vegetation, slope, access, land use, read from
// its hazard's properties or set by an [AreaRule]) meets [LandRule]s: which
// methods may not work it, and at what factor of their pace the others do
// ([DefaultLandRules] unless [Config].LandRules says otherwise). A plan
// never gives a step to a method its land forbids. [Closure]s of units
// (seasons, security) and teams (leave) stop work: a job that meets one
// pauses. Priority tiers (Unit.Tier) are planned in order, the scheduler
// optimising within each; due dates (Unit.Due) are reported met or missed
// ([Plan].Due). [Config].SurveyLeadDays paces survey to clearance;
// [Config].Costs prices the work and caps each calendar year's
// commitments. [ApplyAreaRules] gives districts, hazards or units their
// tier, due date, closures and land; [ApplyProgress] takes steps reported
// done (or under way) in the field for a re-plan, [Positions] and
// [Config].Positions start each team of the re-plan where it last worked
// and when it is free, and [Plan.Compare] sets the steps done against the
// plan.
//
// # Objective
//
// The plan releases risk as early as possible: it minimises
//
//	cost = Σ_units Risk × C
//
// where C is the working day (counted from the plan's start) on which the
// unit's last step ends, since that is when its risk leaves the map. With a
// horizon ([Config].Horizon) it instead maximises the risk released by the
// horizon, and then the cost.
//
// The steps of a unit come in order (NTS, then TS, then clearance); different
// teams do different steps, so this is a multi-stage scheduling problem,
// NP-hard already on one stage. [Schedule] builds a priority order of units
// with a ratio rule (risk per pooled team-day of the unit's work, Smith's
// rule), turns an order into a schedule by list scheduling (each step, in
// order, goes to the suitable team with the least start + 0.3 × duration:
// an early start counts more than an early finish, which leaves fast
// teams free for the units after; local improvement also tries 0.2, and
// with logistics the order before grouping by place, and keeps the better
// schedule when it ends no later), and
// improves the order by adjacent swaps within a fixed evaluation budget. It
// is deterministic: the same input gives the same plan, bit for bit.
// Teams of one method, pace, base and closures are interchangeable but for
// when they are free, so the scheduler keeps each such class as a heap by
// free time and looks only at its first team: the same choice as a look at
// every team, at the cost of one team a class (a national set of 840
// teams makes 30 classes).
//
// # Team logistics
//
// By default a job is charged the drive from the team's base, however far.
// With [Config].Logistics (forward camps, a daily commute limit and the
// days a move takes; see [Logistics]) each team has a current camp: a unit
// beyond the limit of it makes the team move first, to its base or a
// forward camp within the limit of the unit, or else to a fly camp at the
// unit, and the move's days count in the job. Jobs say their camp and
// move ([Job].Camp, [Plan].Camps, [Plan].Moves), the ratio rule keeps
// neighbouring units of close ratio together (local improvement starts
// from the order before grouping instead when its schedule is cheaper and
// ends no later), and the bound counts the least travel any camp allows.
// [ProjectCamps] puts the camps in the units' projected metres.
//
// # Bound
//
// Every [Plan] carries a lower bound on the cost of every feasible schedule
// (see [LowerBound] for the relaxation and its proof) and the optimality gap
// (cost − bound) / bound: the plan's cost is at most that fraction above the
// optimum.
//
// # More teams
//
// List scheduling has Graham's anomalies: with mixed productivities, travel
// or local improvement, a plan made for more teams can release the last
// hectare later than one made for fewer (on seeded random instances about
// 7% of team additions do, by up to about 40%: more than the 3% and 12% of
// the earliest-finish team choice, the price of a choice that favours an
// early start and lowers the cost by 3-6%). Two guards are built in:
// the ratio rule's order does not depend on the teams, and local
// improvement never accepts a move that delays the last release. With
// Budget < 0 (the ratio rule's plan) and identical teams for each step kind
// without travel, adding a team provably never delays any unit (see
// TestMoreTeamsNeverDelay for the proof).
//
// To compare team sets with a guarantee, plan the smaller set first and
// pass that plan as [Config].Baseline when planning the larger one: the
// result then never releases the last hectare later than the baseline
// (when the schedule found would, the baseline's order and assignments are
// kept and the added teams stay idle), so more teams never delay the
// forecast's last release date.
//
// # Forecast
//
// [Plan.Forecast] turns a plan into months: the area cancelled, reduced and
// cleared in each, the contaminated area and the residual risk left at its
// end, the share of the national task done from a national baseline, and
// the date the last hectare is released.
//
// # Errors
//
// Bad units, teams or calendars are data problems: [Schedule] returns a
// [*UnitError], [*TeamError] or an error wrapping a sentinel such as
// [ErrNoTeam]. Programmer errors panic with a message starting with
// "planning:", as the functions concerned say.
package planning
