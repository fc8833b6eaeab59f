package shp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/landrelease/clearance/geo/feature"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

// table is a decoded .dbf.
type table struct {
	records []record
	// guessed says how text was decoded when neither a .cpg nor the
	// LDID named a code page and the text was not UTF-8; "" otherwise.
	guessed string
}

type record struct {
	deleted  bool
	props    map[string]any
	warnings []feature.Problem
}

type field struct {
	name   string
	typ    byte
	offset int // in the record, after the deletion flag
	size   int
}

// ldid maps a dBASE language driver id to its code page (as GDAL reads
// them).
var ldid = map[byte]encoding.Encoding{
	0x01: charmap.CodePage437, 0x02: charmap.CodePage850, 0x03: charmap.Windows1252,
	0x57: charmap.ISO8859_1, 0x59: charmap.Windows1252,
	0x64: charmap.CodePage852, 0x65: charmap.CodePage866, 0x66: charmap.CodePage865,
	0x7D: charmap.Windows1255, 0x7E: charmap.Windows1256,
	0xC8: charmap.Windows1250, 0xC9: charmap.Windows1251, 0xCA: charmap.Windows1254,
	0xCB: charmap.Windows1253, 0xCC: charmap.Windows1257,
}

// codePage returns the encoding a .cpg names, nil for UTF-8, or an error.
func codePage(cpg string) (encoding.Encoding, error) {
	n := strings.ToUpper(strings.NewReplacer(" ", "", "-", "", "_", "").Replace(strings.TrimSpace(strings.TrimPrefix(cpg, "\ufeff"))))
	switch n {
	case "UTF8", "65001":
		return nil, nil
	case "88591", "ISO88591", "LATIN1":
		return charmap.ISO8859_1, nil
	case "88592", "ISO88592":
		return charmap.ISO8859_2, nil
	case "88595", "ISO88595":
		return charmap.ISO8859_5, nil
	case "88599", "ISO88599":
		return charmap.ISO8859_9, nil
	case "885915", "ISO885915":
		return charmap.ISO8859_15, nil
	case "KOI8R":
		return charmap.KOI8R, nil
	}
	n = strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(n, "CP"), "WINDOWS"), "ANSI")
	switch n {
	case "1250":
		return charmap.Windows1250, nil
	case "1251":
		return charmap.Windows1251, nil
	case "1252":
		return charmap.Windows1252, nil
	case "1253":
		return charmap.Windows1253, nil
	case "1254":
		return charmap.Windows1254, nil
	case "1255":
		return charmap.Windows1255, nil
	case "1256":
		return charmap.Windows1256, nil
	case "1257":
		return charmap.Windows1257, nil
	case "437", "OEM":
		return charmap.CodePage437, nil
	case "850":
		return charmap.CodePage850, nil
	case "866":
		return charmap.CodePage866, nil
	}
	return nil, fmt.Errorf(".cpg: unknown code page %q: %w", strings.TrimSpace(cpg), feature.ErrFormat)
}

// decodeDBF reads a dBASE III+ table; cpg is the .cpg's text ("" if
// none). Cost O(len(b)).
func decodeDBF(b []byte, cpg string) (*table, error) {
	if len(b) < 32 {
		return nil, fmt.Errorf("%d bytes, shorter than its header: %w", len(b), ErrShape)
	}
	n := int64(binary.LittleEndian.Uint32(b[4:]))
	hdr := int(binary.LittleEndian.Uint16(b[8:]))
	size := int(binary.LittleEndian.Uint16(b[10:]))
	if hdr < 33 || hdr > len(b) || size < 1 {
		return nil, fmt.Errorf("header of %d bytes, records of %d: %w", hdr, size, ErrShape)
	}
	if int64(hdr)+n*int64(size) > int64(len(b)) {
		return nil, fmt.Errorf("%d records of %d bytes do not fit the file's %d bytes: %w", n, size, len(b), ErrShape)
	}
	var enc encoding.Encoding
	explicit := false
	if strings.TrimSpace(cpg) != "" {
		e, err := codePage(cpg)
		if err != nil {
			return nil, err
		}
		enc, explicit = e, true
	} else if e, ok := ldid[b[29]]; ok {
		enc, explicit = e, true
	}
	var fields []field
	at := 1
	for p := 32; p+32 <= hdr && b[p] != 0x0D; p += 32 {
		raw := b[p : p+11]
		if i := strings.IndexByte(string(raw), 0); i >= 0 {
			raw = raw[:i]
		}
		f := field{name: strings.TrimSpace(string(raw)), typ: b[p+11], offset: at, size: int(b[p+16])}
		if f.typ == 'C' {
			f.size += int(b[p+17]) << 8 // long character fields use the decimal count byte
		}
		at += f.size
		fields = append(fields, f)
	}
	if at > size {
		return nil, fmt.Errorf("fields of %d bytes in records of %d: %w", at, size, ErrShape)
	}
	// Field names in the code page too.
	t := &table{records: make([]record, n)}
	decodeText := func(raw []byte) (string, bool) {
		if enc == nil {
			if utf8.Valid(raw) {
				return string(raw), true
			}
			if explicit {
				return strings.ToValidUTF8(string(raw), "\uFFFD"), false
			}
			s, _ := charmap.Windows1252.NewDecoder().Bytes(raw)
			t.guessed = "the .dbf names no code page and its text is not UTF-8: decoded as Windows-1252 (add a .cpg file naming the code page)"
			return string(s), true
		}
		s, err := enc.NewDecoder().Bytes(raw)
		return string(s), err == nil
	}
	names := make([]string, len(fields))
	for k, f := range fields {
		names[k], _ = decodeText([]byte(f.name))
	}
	for i := range t.records {
		rb := b[hdr+i*size : hdr+(i+1)*size]
		rec := &t.records[i]
		rec.deleted = rb[0] == '*'
		rec.props = make(map[string]any, len(fields))
		for k, f := range fields {
			raw := rb[f.offset : f.offset+f.size]
			v, warn := fieldValue(f.typ, raw, decodeText)
			if warn != nil {
				rec.warnings = append(rec.warnings, feature.Problem{Field: names[k], Err: warn})
			}
			if v != nil {
				rec.props[names[k]] = v
			}
		}
	}
	return t, nil
}

// fieldValue decodes one field; nil for no value. A value it had to
// repair or keep as text comes with a warning.
func fieldValue(typ byte, raw []byte, text func([]byte) (string, bool)) (any, error) {
	s := strings.TrimSpace(string(raw))
	switch typ {
	case 'N', 'F':
		if s == "" || strings.Trim(s, "*") == "" {
			return nil, nil
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return s, fmt.Errorf("numeric field %q is not a number: kept as text", s)
		}
		return v, nil
	case 'L':
		switch s {
		case "T", "t", "Y", "y":
			return true, nil
		case "F", "f", "N", "n":
			return false, nil
		}
		return nil, nil
	case 'D':
		if s == "" || strings.Trim(s, "0") == "" {
			return nil, nil
		}
		if len(s) != 8 {
			return s, fmt.Errorf("date %q is not YYYYMMDD: kept as text", s)
		}
		return s[:4] + "-" + s[4:6] + "-" + s[6:], nil
	}
	v, ok := text([]byte(strings.TrimRight(string(raw), " \x00")))
	if !ok {
		return v, errInvalidText
	}
	return v, nil
}

var errInvalidText = errors.New("text is not valid in the code page: bad bytes replaced")
