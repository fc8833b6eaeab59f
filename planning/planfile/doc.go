// Package planfile reads plan files: the teams that survey and clear, their
// working calendar, and optionally the land release policy and the travel
// speed, as one JSON file. [Read] checks every value and reports every
// problem at once, each naming the file, the team (its index and name), the
// JSON path of the value and, for a syntax error, the line; [File.Config]
// turns what it read into planning's scheduling settings.
//
// The planning package holds the values (planning.Team, planning.Calendar,
// planning.Policy) and the checks that are about values (their Validate
// methods); this package is the file format, so planning never reads files.
//
// # Format
//
// The file is one JSON object. Every field but "teams" and
// "calendar.start" is optional; names are case-sensitive and unknown names
// are errors ([ErrUnknownField]):
//
//	{
//	  "comment": "free text, ignored",
//	  "teams": [
//	    {"name": "Manual-A", "method": "manual", "count": 12, "deminers": 10,
//	     "m2_per_day": 0, "base": {"lat": 40.0, "lon": 46.9}, "commute_limit_km": 30, "comment": "...",
//	     "closures": [{"from": "2027-08-01", "to": "2027-08-14", "reason": "leave"}]}
//	  ],
//	  "calendar": {"start": "2027-03-01", "utc_offset": "+04:00",
//	    "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat"],
//	    "off_months": ["jan", "feb"], "holidays": ["2027-03-10"],
//	    "yearly_holidays": ["01-01", "03-08"]},
//	  "policy": {"default": {"nts_cancel": 0.32, "ts_reduce_sha": 0.353, "ts_reduce_cha": 0.353},
//	    "districts": {"Aghdam": {"nts_cancel": 0.4}}},
//	  "travel_km_per_day": 150,
//	  "survey_lead_days": 60,
//	  "land_rules": [
//	    {"method": "mechanical", "field": "slope", "values": ["steep"], "forbid": true, "source": "..."},
//	    {"method": "manual", "field": "vegetation", "values": ["forest"], "factor": 0.6},
//	    {"method": "mdd", "min_area_ha": 1, "forbid": true}
//	  ],
//	  "costs": {"currency": "USD", "per_m2": {"manual": 1.2}, "per_team_day": {"mdd": 400},
//	    "yearly_budget": 2000000, "budgets": {"2028": 1500000}},
//	  "areas": [
//	    {"name": "road", "hazards": ["CHA-003"], "tier": 1, "due": "2028-06-30"},
//	    {"name": "north", "district": "Aghdam", "closures": [{"from": "12-15", "to": "02-15", "reason": "winter"}],
//	     "land": {"terrain": "rocky", "vegetation": "forest", "slope": "steep", "access": "foot", "land_use": "pasture"}}
//	  ]
//	}
//
// Teams: "method" is required: "manual", "mdd" (or "dog", "dogs"),
// "mechanical" (or "machine"), "nts" or "ts", in any case. "name" may be
// empty (the plan names the team "<method> <k>") but two teams may not
// share a name. "count" is a whole number from 1 to planning.MaxTeams,
// default 1. "deminers" (manual teams only) is a whole number ≥ 0, 0
// meaning planning.DefaultDeminers. "m2_per_day" is 0, meaning the
// method's default (see planning.Team.Rate), or at least
// planning.MinM2PerDay. (planning.Schedule also bounds the teams in all
// and the plan's length.) "base" is a WGS84 position
// that becomes Team.BaseLonLat: lat in [−90, 90], lon in [−180, 180], not
// both 0 (see planning.ProjectBases, which sets Team.Base from it).
//
// Logistics (planning.Logistics; see its documentation for the model):
// "commute_limit_km" is the daily commute limit of every team, a positive
// straight-line distance in km from the team's camp to a unit's centre; a
// team's own "commute_limit_km" overrides it (a team with one needs a
// base). "relocation_days" (working days, ≥ 0, default 0) is the fixed
// cost of moving a camp, the drive itself taken at "travel_km_per_day".
// "camps" are forward camps, each a unique "name" and a WGS84 "lat" and
// "lon" as for a base; they need a commute limit (here or in a team).
// Without a commute limit no team moves: every job is charged the travel
// from the team's base. The figures are the user's; as a guide (operators'
// practice, illustrative rather than a standard), teams live in field
// camps near their tasks, a daily commute of more than about 1 to 1.5
// hours each way is avoided (30-60 km straight line on rural roads), and
// moving a camp takes one to three days. planning.ProjectCamps puts the
// camps in the units' projected metres.
//
// Calendar: "start" is a date (YYYY-MM-DD, year 1900 to 2999). "utc_offset"
// (±HH:MM, default "+00:00") is the zone every date of the plan is given
// in; Azerbaijan is "+04:00". "weekdays" are names or three-letter
// abbreviations ("mon", "Monday"), default Monday to Friday; an empty list
// has no working day. "off_months" are month names or abbreviations.
// "holidays" are dates (holidays of one year, such as lunar ones).
// "yearly_holidays" are days off every year, as MM-DD ("03-08" for 8 March;
// "02-29" only counts in leap years); see planning.Calendar.YearlyHolidays.
// Duplicates within a list are errors, and so is a calendar without a
// working day (planning.ErrNoWorkDays).
//
// Policy: "default" and each of "districts" (keyed by planning.Unit.District)
// are rates; a share left out of the default takes planning.DefaultRates'
// value, and one left out of a district the file's default (or
// DefaultRates). Every share is in [0, 1]. "travel_km_per_day" is a
// positive number. "survey_lead_days" (working days, ≥ 0, default 0: no
// pacing) is planning.Config.SurveyLeadDays.
//
// Land rules (planning.LandRule): "method" as for teams; "field" one of
// "terrain", "vegetation", "slope", "access", "land_use"; "values" the
// land classes (as the hazards' properties write them, compared without
// regard to case, spaces, "_" and "-"); "min_area_ha" (> 0), if given,
// narrows the rule to units smaller than that many hectares, and without
// "field" and "values" makes it a rule on every land under that area
// ({"method": "mdd", "min_area_ha": 1, "forbid": true} keeps dogs off units
// under a hectare); then either "forbid": true or a positive "factor" on
// the team's pace there; "source" says where the rule comes from. No "land_rules" means planning.DefaultLandRules; an empty
// list means no rule.
//
// Costs (planning.Costs): prices per m² ("per_m2") and per team working
// day ("per_team_day"), keyed by method, ≥ 0; "yearly_budget" caps what
// the plan commits each calendar year (a job is paid from the year it
// starts), "budgets" overrides it for the years named.
//
// Closures (planning.Closure), of a team or an area: "from" and "to",
// inclusive, both dates YYYY-MM-DD, or both days of the year MM-DD for a
// closure that comes back every year (it may run over the new year; not
// 02-29); "reason" is free text.
//
// Areas (planning.AreaRule, applied by planning.ApplyAreaRules): select
// units by "district", "hazards" (hazard ids) and "units" (unit ids), at
// least one; give them a "tier" (whole number ≥ 1, tier 1 first), a "due"
// date, "closures" and "land" (any of "terrain", "vegetation", "slope",
// "access", "land_use": class names that replace the hazards' own).
//
// # Errors
//
// Problems are [*geo.FeatureError]s gathered in a [*geo.FileError], the
// error types of every input file of the module, with Noun "team":
//
//	teams.json: team 2 ("Machine"): teams[2].method: planning: invalid value: "tank": want manual, mdd, mechanical, nts or ts
//	teams.json: calendar.start: planning: invalid value: "2027-13-01": want a date YYYY-MM-DD
//	s.json: line 3: planning: invalid value: invalid character '}' looking for beginning of object key string
package planfile
