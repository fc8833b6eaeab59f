package report

import (
	"archive/zip"
	"compress/flate"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/landrelease/clearance/internal/text"
	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/risk"
)

// writeKMZ writes a KMZ: a zip archive whose one entry, doc.kml, is what
// writeKML writes, streamed through the compressor (deflate at its fastest
// level: the KML is mostly repeated tags). The entry has no time stamp, so
// the bytes depend only on the KML.
func writeKMZ(w io.Writer, writeKML func(io.Writer) error) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	entry, err := zw.CreateHeader(&zip.FileHeader{Name: "doc.kml", Method: zip.Deflate})
	if err != nil {
		return err
	}
	if err := writeKML(entry); err != nil {
		return err
	}
	return zw.Close()
}

// WritePlanKMZ writes the priorities for Google Earth as a KMZ (a zip
// holding doc.kml): the document of [WritePlanKML] without the team
// folders (each team's jobs are in its own file, see [WriteTeamKMZ]), so
// that a national plan's priorities stay one small file. Cost as
// WritePlanKML's, plus the compression.
func WritePlanKMZ(w io.Writer, prios []planning.Priority, units []planning.Unit, s *risk.Surface, p *planning.Plan) error {
	return writeKMZ(w, func(w io.Writer) error {
		return writePlanKML(w, prios, units, s, nil, p, false, surfaceSynthetic(s))
	})
}

// WriteTeamKMZ writes the jobs of team k of p as a KMZ for the team's
// field officers: a Document named after the team holding, in the team's
// time order, a Placemark per job as in [WritePlanKML]'s team folders
// (without the unit's reasons, which plan.kmz and the priorities give, and
// with ExtendedData rank, unit and step only), each with a TimeSpan from
// its first to its last day, so that Google Earth's time slider plays the
// team's plan. prios and units are those of the plan
// (prios may be empty); s gives the positions (nil: the units' LonLat).
// It returns an error naming the job whose unit is out of range, or if p
// is not a plan of units. Cost O(jobs of the team + n log n) for n
// priorities. It panics if p is nil or k is out of range.
func WriteTeamKMZ(w io.Writer, p *planning.Plan, k int, prios []planning.Priority, units []planning.Unit, s *risk.Surface) error {
	order, err := rankOrder(prios, units, p)
	if err != nil {
		return err
	}
	return writeTeamKMZ(w, p, k, prios, units, s, rankUnits(prios, units, p, order), surfaceSynthetic(s))
}

func writeTeamKMZ(w io.Writer, p *planning.Plan, k int, prios []planning.Priority, units []planning.Unit, s *risk.Surface, rk unitRanks, synthetic bool) error {
	tm := &p.Teams[k]
	return writeKMZ(w, func(w io.Writer) error {
		bw := bufioWriter(w)
		kw := &kmlWriter{w: bw}
		kw.header()
		kw.text("name", fmt.Sprintf("%s (%s)", tm.Name, tm.Method))
		desc := fmt.Sprintf("Jobs of %s, %s, in time order; the time slider plays them.", tm.Name, text.Count(len(p.TeamJobs(k)), "job", "jobs"))
		if synthetic {
			desc += " " + syntheticNote
		}
		kw.text("description", desc)
		kw.bandStyles()
		for _, j := range p.TeamJobs(k) {
			if err := kw.jobPlacemark(&j, tm, p.Camps, prios, units, s, rk, true); err != nil {
				return err
			}
		}
		kw.footer()
		return bw.Flush()
	})
}

// WriteTeamGPX writes the jobs of team k of p as GPX 1.1 waypoints, for a
// field team's handheld GPS: one wpt per job, in time order, at the unit's
// centre (WGS84, 7 decimals), named "3 SHA-014 clearance" (rank, unit,
// step), with the job's start as its time (midnight UTC of its first day)
// and its dates, areas and travel in desc (with logistics, its camp and
// the move before it, if any). A job whose unit has no finite
// position is left out of the waypoints and counted in the metadata's
// description, so none is dropped unsaid. Cost O(jobs of the team). It
// panics if p is nil or k is out of range.
func WriteTeamGPX(w io.Writer, p *planning.Plan, k int, prios []planning.Priority, units []planning.Unit, s *risk.Surface) error {
	order, err := rankOrder(prios, units, p)
	if err != nil {
		return err
	}
	return writeTeamGPX(w, p, k, units, s, rankUnits(prios, units, p, order), surfaceSynthetic(s))
}

func writeTeamGPX(w io.Writer, p *planning.Plan, k int, units []planning.Unit, s *risk.Surface, rk unitRanks, synthetic bool) error {
	tm := &p.Teams[k]
	bw := bufioWriter(w)
	jobs := p.TeamJobs(k)
	unplaced := 0
	for _, j := range jobs {
		if j.Unit < 0 || j.Unit >= len(units) {
			return fmt.Errorf("report: job of team %q: unit index %d out of range [0, %d)", tm.Name, j.Unit, len(units))
		}
		if !finite(unitPoint(&units[j.Unit], s)) {
			unplaced++
		}
	}
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<gpx version="1.1" creator="clearance" xmlns="http://www.topografix.com/GPX/1/1">` + "\n  <metadata>\n    <name>")
	xmlEscape(bw, fmt.Sprintf("%s (%s)", tm.Name, tm.Method))
	bw.WriteString("</name>\n    <desc>")
	desc := fmt.Sprintf("Jobs of %s in time order: %s.", tm.Name, text.Count(len(jobs), "job", "jobs"))
	if unplaced > 0 {
		desc += fmt.Sprintf(" %s without a position are not waypoints.", text.Count(unplaced, "job", "jobs"))
	}
	if synthetic {
		desc += " " + syntheticNote
	}
	xmlEscape(bw, desc)
	bw.WriteString("</desc>\n  </metadata>\n")
	var num []byte
	for _, j := range jobs {
		u := &units[j.Unit]
		ll := unitPoint(u, s)
		if !finite(ll) {
			continue
		}
		num = strconv.AppendFloat(num[:0], ll.Lat, 'f', 7, 64)
		bw.WriteString(`  <wpt lat="`)
		bw.Write(num)
		num = strconv.AppendFloat(num[:0], ll.Lon, 'f', 7, 64)
		bw.WriteString(`" lon="`)
		bw.Write(num)
		bw.WriteString("\">\n    <time>")
		y, m, d := j.Start.Date()
		bw.WriteString(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format(time.RFC3339))
		bw.WriteString("</time>\n    <name>")
		name := fmt.Sprintf("%s %s", u.ID, j.Step)
		if r := rk.rank[j.Unit]; r > 0 {
			name = strconv.Itoa(r) + " " + name
		}
		xmlEscape(bw, name)
		bw.WriteString("</name>\n    <desc>")
		xmlEscape(bw, fmt.Sprintf("%s of %s %s, %s to %s; %s ha to process, %s ha expected released; travel %s working days.",
			j.Step, u.Kind, extent(u), text.Date(j.Start), endDate(j.Start, j.End),
			text.Fixed(j.AreaM2/1e4, 2), text.Fixed(j.ReleasedM2/1e4, 2), text.Fixed(j.TravelDays, 2))+campText(p.Camps, &j))
		bw.WriteString("</desc>\n    <sym>Flag, Red</sym>\n  </wpt>\n")
	}
	bw.WriteString("</gpx>\n")
	return bw.Flush()
}
