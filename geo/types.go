package geo

import (
	"time"

	"github.com/paulmach/orb"
)

// LonLat is a WGS84 position in decimal degrees: longitude east, latitude north.
type LonLat struct {
	Lon, Lat float64
}

// XY is a projected position in metres: X is the easting, Y the northing.
type XY struct {
	X, Y float64
}

// RingXY is a closed ring of projected positions in metres. The last
// position repeats the first.
type RingXY []XY

// PolygonXY is a projected polygon: the first ring is the shell
// (counter-clockwise), any others are holes (clockwise).
type PolygonXY []RingXY

// MultiPolygonXY is a set of projected polygons whose interiors do not overlap.
type MultiPolygonXY []PolygonXY

// BoxXY is an axis-aligned projected box in metres, closed on all sides.
type BoxXY struct {
	Min, Max XY
}

// HazardKind says how a hazardous area is known (IMAS 07.11).
type HazardKind uint8

const (
	// SHA is a suspected hazardous area: indirect evidence of contamination.
	SHA HazardKind = iota + 1
	// CHA is a confirmed hazardous area: direct evidence of contamination.
	CHA
)

// HazardStatus is where a hazard record stands in its life cycle.
type HazardStatus uint8

const (
	// StatusOpen: no land release activity has started.
	StatusOpen HazardStatus = iota + 1
	// StatusWorkedOn: survey or clearance is under way.
	StatusWorkedOn
	// StatusClosed: released and handed over.
	StatusClosed
)

// Device is the kind of explosive item behind an incident.
type Device uint8

const (
	// DeviceUnknown is the zero value: the record does not say.
	DeviceUnknown Device = iota
	// DeviceAP is an anti-personnel mine.
	DeviceAP
	// DeviceAT is an anti-tank (anti-vehicle) mine.
	DeviceAT
	// DeviceUXO is unexploded ordnance.
	DeviceUXO
	// DeviceIED is an improvised explosive device.
	DeviceIED
)

// Hazard is a suspected or confirmed hazardous area.
type Hazard struct {
	ID     string
	Kind   HazardKind
	Status HazardStatus
	// Geometry is the area in WGS84 lon/lat. A Polygon is stored as a
	// MultiPolygon of one polygon. Rings are closed, shells counter-clockwise
	// and holes clockwise once read.
	Geometry orb.MultiPolygon
	// Evidence lists the facts that put the polygon on the map (accident,
	// sighting, minefield record), as written in the source.
	Evidence []string
	// Reported is the date the hazard was recorded; zero if unknown.
	Reported time.Time
	// Properties keeps every property of the source feature that the schema
	// did not map to a field above, with its original name.
	Properties map[string]any
}

// Incident is an accident or explosion at a point.
type Incident struct {
	ID string
	// Date of the incident; zero if unknown.
	Date    time.Time
	Killed  int
	Injured int
	// Casualties counts victims whose kind the source does not tell
	// (killed or injured): exports often have one "casualties" column.
	// Where casualty weights apply it is weighted like Killed plus
	// Injured, and summaries count it beside them. 0 if none.
	Casualties int
	Device     Device
	Point      LonLat
	// Properties keeps every unmapped property of the source feature.
	Properties map[string]any
}

// Settlement is a town or village, located by its centre.
type Settlement struct {
	Name string
	// Population is the best known figure; -1 if unknown.
	Population int
	// PlannedReturn is the date displaced people are planned to return; zero
	// if none is planned or known.
	PlannedReturn time.Time
	Point         LonLat
	// Properties keeps every unmapped property of the source feature.
	Properties map[string]any
}

// Dataset holds the layers of one planning job, in WGS84 lon/lat.
type Dataset struct {
	Hazards     []Hazard
	Incidents   []Incident
	Settlements []Settlement
	// Area is an optional area of interest (a district, say); empty if none.
	Area orb.MultiPolygon
}

// Projection turns WGS84 lon/lat into projected metres and back. A
// Projection is safe for concurrent use.
type Projection interface {
	// Forward projects a lon/lat position to metres.
	Forward(p LonLat) XY
	// Inverse returns the lon/lat of a projected position.
	Inverse(p XY) LonLat
	// ScaleXY returns the point scale factor k at a projected position:
	// a short ground distance d measures d·k on the grid, so a small ground
	// area A measures A·k² on the grid.
	ScaleXY(p XY) float64
	// String names the projection, for example "UTM 38N (EPSG:32638)".
	String() string
}

// Projected holds a Dataset's layers in a projection's metres. Each slice is
// index-aligned with the same layer of Source: Hazards[i] is
// Source.Hazards[i].Geometry projected.
type Projected struct {
	Projection  Projection
	Source      *Dataset
	Hazards     []MultiPolygonXY
	Incidents   []XY
	Settlements []XY
	// Area is the projected area of interest; empty if the dataset has none.
	Area MultiPolygonXY
}
