package lex

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// normSlow is Norm without its fast path.
func normSlow(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == '_' || r == '-' || r == '\t'
	})
	return strings.Join(f, " ")
}

func TestNorm(t *testing.T) {
	cases := []string{"", " ", "id", "ID", "hazard_type", "Hazard Type", "hazard  type", " kind", "kind ",
		"device-type", "a\tb", "Əfətli", "x y z", "x_y z", "lat", "LATITUDE", "_", "a__b", "a b"}
	r := rand.New(rand.NewPCG(1, 1))
	const alphabet = "aZ _-\t9ə"
	for range 2000 {
		n := r.IntN(8)
		var b strings.Builder
		for range n {
			b.WriteString(string([]rune(alphabet)[r.IntN(len([]rune(alphabet)))]))
		}
		cases = append(cases, b.String())
	}
	for _, c := range cases {
		if got, want := Norm(c), normSlow(c); got != want {
			t.Errorf("Norm(%q) = %q, want %q", c, got, want)
		}
	}
}

func TestParseDecimal(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"46.842", 46.842, true},
		{"-1e3", -1000, true},
		{"  1", 0, false},
		{"0x1p3", 0, false},
		{"1_000", 0, false},
		{"abc", 0, false},
		{"", 0, false},
	} {
		got, err := ParseDecimal(c.in)
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("ParseDecimal(%q) = %v, %v; want %v, ok %v", c.in, got, err, c.want, c.ok)
		}
	}
}

func TestExcerpt(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"46.842", "46.842"},
		{strings.Repeat("9", 24), strings.Repeat("9", 24)},
		{strings.Repeat("9", 25), strings.Repeat("9", 21) + "..."},
	} {
		if got := Excerpt([]byte(c.in)); got != c.want {
			t.Errorf("Excerpt(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNormTable(t *testing.T) {
	for in, want := range map[string]string{
		"":                "",
		"status":          "status",
		"land use":        "land use",
		"Land_Use":        "land use",
		"land-use":        "land use",
		" land  use ":     "land use",
		"land\t_-use":     "land use",
		"LANDUSE":         "landuse",
		"landuse":         "landuse",
		"Community Need":  "community need",
		"community_need_": "community need",
		"_":               "",
		"   ":             "",
		"Gülyataq":        "gülyataq",
		"ÇAY":             "çay",
	} {
		if got := Norm(in); got != want {
			t.Errorf("Norm(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormPlainDoesNotAllocate(t *testing.T) {
	var sink string
	if n := testing.AllocsPerRun(100, func() { sink = Norm("hazard status") }); n != 0 {
		t.Errorf("Norm of a plain name allocates %v times", n)
	}
	_ = sink
}
