// Package aghdam embeds the Aghdam scenario, the test data of the main
// planning job: real settlements of Aghdam district (Azerbaijan) and
// synthetic hazards and incidents placed around the approximate former line
// of contact. See README.md in this folder for what is real, what is
// synthetic, and the sources.
//
// Read a file with FS.Open or fs.ReadFile(aghdam.FS, aghdam.Hazards).
package aghdam

import "embed"

// The files of the scenario, as names in FS.
const (
	// Hazards is a GeoJSON FeatureCollection of synthetic suspected (SHA)
	// and confirmed (CHA) hazardous areas, one Polygon per feature, with the
	// properties id, kind, status, evidence (a list), reported (ISO date),
	// area_ha (approximate), synthetic and note.
	Hazards = "hazards.geojson"
	// Incidents is a CSV of incidents with the columns
	// id,date,lat,lon,killed,injured,device,synthetic,note; all are
	// synthetic except one stand-in for a reported 2025 accident.
	Incidents = "incidents.csv"
	// Settlements is a CSV gazetteer of 26 real settlements with the columns
	// name,name_latin,lat,lon,kind,population,population_year,source; a
	// blank population is unknown.
	Settlements = "settlements.csv"
	// Teams is the planner's teams file (package planning/planfile): an
	// illustrative team set for Aghdam (12 manual, 4 dog, 3 mechanical, 2
	// non-technical and 4 technical survey teams), its bases and a working
	// calendar from 1 March 2027 with yearly public holidays.
	Teams = "teams.json"
)

// FS holds the files named above, at its root.
//
//go:embed hazards.geojson incidents.csv settlements.csv teams.json
var FS embed.FS
