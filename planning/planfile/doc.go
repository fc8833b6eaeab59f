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
//	     "m2_per_day": 0, "base": {"lat": 40.0, "lon": 46.9}, "comment": "..."}
//	  ],
//	  "calendar": {"start": "2027-03-01", "utc_offset": "+04:00",
//	    "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat"],
//	    "off_months": ["jan", "feb"], "holidays": ["2027-03-10"],
//	    "yearly_holidays": ["01-01", "03-08"]},
//	  "policy": {"default": {"nts_cancel": 0.32, "ts_reduce_sha": 0.353, "ts_reduce_cha": 0.353},
//	    "districts": {"Aghdam": {"nts_cancel": 0.4}}},
//	  "travel_km_per_day": 150
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
// positive number.
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
