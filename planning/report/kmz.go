package report

import (
	"archive/zip"
	"compress/flate"
	"fmt"
	"io"
	"strconv"
	"sync"
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
	zw.RegisterCompressor(zip.Deflate, newFlate)
	entry, err := zw.CreateHeader(&zip.FileHeader{Name: "doc.kml", Method: zip.Deflate})
	if err != nil {
		return err
	}
	if err := writeKML(entry); err != nil {
		return err
	}
	return zw.Close()
}

// flatePool holds deflate compressors (about 1 MB each) for reuse from
// one KMZ to the next.
var flatePool sync.Pool

// pooledFlate is a compressor from flatePool that goes back to it when
// closed.
type pooledFlate struct{ *flate.Writer }

func (p pooledFlate) Close() error {
	err := p.Writer.Close()
	flatePool.Put(p.Writer)
	return err
}

// newFlate returns a deflate compressor at flate.BestSpeed writing to out,
// from flatePool when it has one (Reset makes it the same as a new one).
func newFlate(out io.Writer) (io.WriteCloser, error) {
	if fw, ok := flatePool.Get().(*flate.Writer); ok {
		fw.Reset(out)
		return pooledFlate{fw}, nil
	}
	fw, err := flate.NewWriter(out, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	return pooledFlate{fw}, nil
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
		defer putBufio(bw)
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
	defer putBufio(bw)
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
	var b []byte
	for _, j := range jobs {
		u := &units[j.Unit]
		ll := unitPoint(u, s)
		if !finite(ll) {
			continue
		}
		b = append(b[:0], `  <wpt lat="`...)
		b = strconv.AppendFloat(b, ll.Lat, 'f', 7, 64)
		b = append(b, `" lon="`...)
		b = strconv.AppendFloat(b, ll.Lon, 'f', 7, 64)
		b = append(b, "\">\n    <time>"...)
		y, m, d := j.Start.Date()
		b = time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AppendFormat(b, time.RFC3339)
		b = append(b, "</time>\n    <name>"...)
		bw.Write(b)
		step := j.Step.String()
		b = b[:0]
		if r := rk.rank[j.Unit]; r > 0 {
			b = strconv.AppendInt(b, int64(r), 10)
			b = append(b, ' ')
		}
		b = append(b, u.ID...)
		b = append(b, ' ')
		b = append(b, step...)
		xmlEscapeBytes(bw, b)
		bw.WriteString("</name>\n    <desc>")
		b = append(b[:0], step...)
		b = append(b, " of "...)
		b = append(b, u.Kind.String()...)
		b = append(b, ' ')
		b = append(b, extent(u)...)
		b = append(b, ", "...)
		b = appendDate(b, j.Start)
		b = append(b, " to "...)
		b = appendDate(b, planning.LastWorkDayOf(j.Start, j.End))
		b = append(b, "; "...)
		b = appendFixed(b, j.AreaM2/1e4, 2)
		b = append(b, " ha to process, "...)
		b = appendFixed(b, j.ReleasedM2/1e4, 2)
		b = append(b, " ha expected released; travel "...)
		b = appendFixed(b, j.TravelDays, 2)
		b = append(b, " working days."...)
		b = append(b, campText(p.Camps, &j)...)
		xmlEscapeBytes(bw, b)
		bw.WriteString("</desc>\n    <sym>Flag, Red</sym>\n  </wpt>\n")
	}
	bw.WriteString("</gpx>\n")
	return bw.Flush()
}
