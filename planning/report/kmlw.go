package report

import (
	"bufio"
	"io"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// kmlWriter writes indented KML straight to a buffered writer, element by
// element, in the layout encoding/xml's indenting encoder gives (two
// spaces a level, text escaped as xml.EncodeToken escapes character data):
// a national plan's hundreds of megabytes are never held as a tree or a
// growing buffer.
type kmlWriter struct {
	w          *bufio.Writer
	depth      int
	num        []byte
	buf        []byte // the text of an element being made
	start, end []byte // a job's dates
}

// header writes the XML declaration and opens the kml and Document
// elements.
func (k *kmlWriter) header() {
	k.w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<kml xmlns="http://www.opengis.net/kml/2.2">`)
	k.depth = 1
	k.open("Document")
}

// footer closes Document and kml, with a final newline.
func (k *kmlWriter) footer() {
	k.close("Document")
	k.depth = 0
	k.w.WriteString("\n</kml>\n")
}

// indent is a newline and the indentation of up to 20 levels.
const indent = "\n                                        "

func (k *kmlWriter) newline() {
	if n := 1 + 2*k.depth; n <= len(indent) {
		k.w.WriteString(indent[:n])
		return
	}
	k.w.WriteByte('\n')
	for range k.depth {
		k.w.WriteString("  ")
	}
}

func (k *kmlWriter) open(tag string) {
	k.newline()
	k.w.WriteByte('<')
	k.w.WriteString(tag)
	k.w.WriteByte('>')
	k.depth++
}

// openID opens an element with an id attribute.
func (k *kmlWriter) openAttr(tag, attr, val string) {
	k.newline()
	k.w.WriteByte('<')
	k.w.WriteString(tag)
	k.w.WriteByte(' ')
	k.w.WriteString(attr)
	k.w.WriteString(`="`)
	xmlEscape(k.w, val)
	k.w.WriteString(`">`)
	k.depth++
}

func (k *kmlWriter) close(tag string) {
	k.depth--
	k.newline()
	k.w.WriteString("</")
	k.w.WriteString(tag)
	k.w.WriteByte('>')
}

// text writes <tag>s</tag>, s escaped.
func (k *kmlWriter) text(tag, s string) {
	k.textStart(tag)
	xmlEscape(k.w, s)
	k.textEnd(tag)
}

// textBytes writes <tag>b</tag>, b escaped.
func (k *kmlWriter) textBytes(tag string, b []byte) {
	k.textStart(tag)
	xmlEscapeBytes(k.w, b)
	k.textEnd(tag)
}

// textStart starts a line with <tag>; textEnd writes </tag>.
func (k *kmlWriter) textStart(tag string) {
	k.newline()
	k.w.WriteByte('<')
	k.w.WriteString(tag)
	k.w.WriteByte('>')
}

func (k *kmlWriter) textEnd(tag string) {
	k.w.WriteString("</")
	k.w.WriteString(tag)
	k.w.WriteByte('>')
}

// dataBytes writes an ExtendedData Data element whose value is b.
func (k *kmlWriter) dataBytes(name string, b []byte) {
	k.openAttr("Data", "name", name)
	k.textBytes("value", b)
	k.close("Data")
}

// data writes an ExtendedData Data element.
func (k *kmlWriter) data(name, value string) {
	k.openAttr("Data", "name", name)
	k.text("value", value)
	k.close("Data")
}

// coordinates writes a coordinates element: lon,lat pairs as strconv's
// shortest 'f' form, separated by spaces.
func (k *kmlWriter) coordinates(pts []orb.Point) {
	k.newline()
	k.w.WriteString("<coordinates>")
	for i, p := range pts {
		if i > 0 {
			k.w.WriteByte(' ')
		}
		k.num = strconv.AppendFloat(k.num[:0], p[0], 'f', -1, 64)
		k.num = append(k.num, ',')
		k.num = strconv.AppendFloat(k.num, p[1], 'f', -1, 64)
		k.w.Write(k.num)
	}
	k.w.WriteString("</coordinates>")
}

// point writes a Point.
func (k *kmlWriter) point(p orb.Point) {
	k.open("Point")
	k.coordinates([]orb.Point{p})
	k.close("Point")
}

// polygon writes a Polygon: the first ring outer, the others inner.
func (k *kmlWriter) polygon(p orb.Polygon) {
	k.open("Polygon")
	for r, ring := range p {
		b := "innerBoundaryIs"
		if r == 0 {
			b = "outerBoundaryIs"
		}
		k.open(b)
		k.open("LinearRing")
		k.coordinates(ring)
		k.close("LinearRing")
		k.close(b)
	}
	k.close("Polygon")
}

// multiPolygon writes one polygon as a Polygon and several as a
// MultiGeometry of Polygons.
func (k *kmlWriter) multiPolygon(mp orb.MultiPolygon) {
	if len(mp) == 1 {
		k.polygon(mp[0])
		return
	}
	k.open("MultiGeometry")
	for _, p := range mp {
		k.polygon(p)
	}
	k.close("MultiGeometry")
}

// xmlEscape writes s as XML character data the way encoding/xml's
// EncodeToken does: &, <, >, quotes, tab and carriage return as
// references, newlines as they are, and bytes that are not valid UTF-8 or
// not XML characters as U+FFFD.
func xmlEscape(w *bufio.Writer, s string) {
	for {
		j, esc, width := xmlNext(s)
		w.WriteString(s[:j])
		if j == len(s) {
			return
		}
		w.WriteString(esc)
		s = s[j+width:]
	}
}

// xmlEscapeBytes writes b as [xmlEscape] writes it.
func xmlEscapeBytes(w *bufio.Writer, b []byte) {
	for {
		j, esc, width := xmlNext(b)
		w.Write(b[:j])
		if j == len(b) {
			return
		}
		w.WriteString(esc)
		b = b[j+width:]
	}
}

// xmlNext finds the first character of s that XML character data cannot
// hold as it is: its index j (len(s) if none), what to write instead and
// its width in bytes.
func xmlNext[T string | []byte](s T) (j int, esc string, width int) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case '"':
				return i, "&#34;", 1
			case '\'':
				return i, "&#39;", 1
			case '&':
				return i, "&amp;", 1
			case '<':
				return i, "&lt;", 1
			case '>':
				return i, "&gt;", 1
			case '\t':
				return i, "&#x9;", 1
			case '\r':
				return i, "&#xD;", 1
			}
			if c < 0x20 && c != '\n' {
				return i, "\uFFFD", 1
			}
			i++
			continue
		}
		r, width := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
		if !xmlChar(r) || (r == utf8.RuneError && width == 1) {
			return i, "\uFFFD", width
		}
		i += width
	}
	return len(s), "", 0
}

// xmlChar reports whether r is in the XML character range.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// bufioWriter returns a 64 KiB buffered writer on w, from a pool: give it
// back with putBufio once flushed (or given up).
func bufioWriter(w io.Writer) *bufio.Writer {
	bw := bufioPool.Get().(*bufio.Writer)
	bw.Reset(w)
	return bw
}

// putBufio gives bw back to the pool of bufioWriter.
func putBufio(bw *bufio.Writer) {
	bw.Reset(nil)
	bufioPool.Put(bw)
}

var bufioPool = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 1<<16) }}
