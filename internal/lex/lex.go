// Package lex holds the lexical rules that every reader of input files
// shares: how property names are compared, which text is a decimal number,
// and how a bad token is quoted in a message. It is internal: the rules are
// documented where users meet them (geo/feature's Schema, the decoders).
package lex

import (
	"strconv"
	"strings"
)

// Norm lower-cases s, trims it and makes every run of spaces, tabs,
// underscores and hyphens one space: "Device_Type" and "device type" are
// both "device type". Names already in that form are returned as they
// are, without allocating. Cost O(len(s)).
func Norm(s string) string {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z', c == '_', c == '-', c == '\t', c >= 0x80:
			plain = false
		case c == ' ':
			plain = i > 0 && i < len(s)-1 && s[i-1] != ' '
		}
	}
	if plain {
		return s
	}
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == '_' || r == '-' || r == '\t'
	})
	return strings.Join(f, " ")
}

// ParseDecimal is strconv.ParseFloat for decimal text only: it refuses
// the hexadecimal form ("0x1p3") and "_" separators, which ParseFloat
// accepts and JSON does not. Like ParseFloat it accepts "NaN" and
// infinities, which callers reject. On overflow it returns ±Inf and an
// error.
func ParseDecimal(s string) (float64, error) {
	if strings.ContainsAny(s, "xX_") {
		return 0, strconv.ErrSyntax
	}
	return strconv.ParseFloat(s, 64)
}

// Excerpt returns b as text for a message, cut to 21 bytes and "..." when
// it is longer than 24 bytes.
func Excerpt(b []byte) string {
	if len(b) > 24 {
		return string(b[:21]) + "..."
	}
	return string(b)
}
