package geo

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// normWordSlow is normWord without its fast path.
func normWordSlow(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == '_' || r == '-' || r == '\t'
	})
	return strings.Join(f, " ")
}

func TestNormWord(t *testing.T) {
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
		if got, want := normWord(c), normWordSlow(c); got != want {
			t.Errorf("normWord(%q) = %q, want %q", c, got, want)
		}
	}
}
