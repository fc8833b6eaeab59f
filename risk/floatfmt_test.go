package risk

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// floatRel is the largest relative difference between a float and what
// appendFloat wrote of it, read back: half a unit of the 15th digit (5e-15
// of a value starting with 1) and the scaling's roundings.
const floatRel = 5.5e-15

// floatClose tells whether got, read back from what appendFloat wrote of
// want, is within floatRel of it.
func floatClose(got, want float64) bool {
	return got == want || math.Abs(got-want) <= floatRel*math.Abs(want)
}

// checkFloat checks appendFloat(v) against the rules of its doc: exact
// integers, NaN and infinities as strconv writes them, otherwise at most 15
// significant digits without trailing zeros, in the notation its exponent
// asks for, reading back within floatRel and within one unit of
// the 15th digit of strconv's correctly rounded 15 digits.
func checkFloat(t *testing.T, v float64) {
	t.Helper()
	got := string(appendFloat(nil, v))
	switch {
	case v != v || math.IsInf(v, 0) || math.Abs(v) > 1e308:
		if want := strconv.FormatFloat(v, 'g', -1, 64); got != want {
			t.Fatalf("%v: wrote %q, want %q", v, got, want)
		}
		return
	case v == math.Trunc(v) && math.Abs(v) < 1<<53:
		if want := string(appendFloatExact(nil, v)); got != want {
			t.Fatalf("%v: wrote %q, want %q", v, got, want)
		}
		return
	}
	back, err := strconv.ParseFloat(got, 64)
	if err != nil {
		t.Fatalf("%v: wrote %q, which does not read back: %v", v, got, err)
	}
	if !floatClose(back, v) {
		rel := math.Abs(back-v) / math.Abs(v)
		t.Fatalf("%v (%b): wrote %q, %g relative away", v, v, got, rel)
	}
	if math.Signbit(back) != math.Signbit(v) {
		t.Fatalf("%v: wrote %q, of the other sign", v, got)
	}
	// Shape: digits, a point only inside them, exponent form exactly when
	// the first digit's exponent is outside [-4, 21).
	mant, exp, isExp := strings.Cut(strings.TrimPrefix(got, "-"), "e")
	digits := strings.TrimLeft(strings.ReplaceAll(mant, ".", ""), "0")
	if !strings.Contains(mant, ".") {
		digits = strings.TrimRight(digits, "0")
	}
	if len(digits) > floatDigits || len(digits) == 0 {
		t.Fatalf("%v: wrote %q, %d significant digits", v, got, len(digits))
	}
	if strings.Contains(mant, ".") && (strings.HasSuffix(mant, "0") || strings.HasSuffix(mant, ".")) {
		t.Fatalf("%v: wrote %q, with trailing zeros", v, got)
	}
	first := int(math.Floor(math.Log10(math.Abs(back))))
	if isExp {
		e, _ := strconv.Atoi(exp)
		if e >= -4 && e < 21 || len(strings.TrimLeft(exp, "+-")) < 2 || !strings.ContainsAny(exp[:1], "+-") {
			t.Fatalf("%v: wrote %q, exponent form for exponent %q", v, got, exp)
		}
		if mant[0] == '0' || len(mant) > 1 && mant[1] != '.' {
			t.Fatalf("%v: wrote %q, mantissa not d.ddd", v, got)
		}
	} else if math.Abs(back) >= fastMin && (first < -5 || first > 21) {
		t.Fatalf("%v: wrote %q, plain for exponent %d", v, got, first)
	}
	// Against the correctly rounded 15 digits: the same, or one unit of
	// the last digit away (a tie rounded after the scaling's rounding).
	want := strconv.FormatFloat(math.Abs(v), 'e', floatDigits-1, 64)
	wd, we, _ := strings.Cut(want, "e")
	wantDigits, _ := strconv.ParseUint(strings.ReplaceAll(wd, ".", ""), 10, 64)
	wantExp, _ := strconv.Atoi(we)
	if math.Abs(v) < fastMin {
		return
	}
	gotDigits, gotExp, ok := decimal15(math.Abs(v))
	if !ok {
		t.Fatalf("%v: decimal15 did not settle", v)
	}
	if gotExp != wantExp && !(gotDigits == 1e14 && wantDigits == 1e15-1 && gotExp == wantExp+1) &&
		!(gotDigits == 1e15-1 && wantDigits == 1e14 && gotExp == wantExp-1) ||
		gotExp == wantExp && (gotDigits > wantDigits+1 || wantDigits > gotDigits+1) {
		t.Fatalf("%v: digits %d e%d, strconv's %d e%d", v, gotDigits, gotExp, wantDigits, wantExp)
	}
}

func TestAppendFloatEdges(t *testing.T) {
	vs := []float64{
		0, math.Copysign(0, -1), 1, -1, 0.1, 0.2 + 0.1, 1.0 / 3, -2.0 / 3, 0.5, 1e-4, 9.99999999999999e-5,
		math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, 2.2250738585072014e-308, 2.225073858507201e-308,
		1e-300, 1e-291, 1e-290, 1.0000000000000001e-290, 9.999999999999999e-291, 1e300, -1e300,
		math.MaxFloat64, -math.MaxFloat64, 1e308, 1.7e308,
		1 << 53, 1<<53 + 2, -(1 << 53), 1 << 60, 1e15, 1e15 + 0.5, 999999999999999.9, 123456789012345.67,
		1e21, 1e21 - 65536, 1e22, 1e23, 4294150, 4294150.5, 488550, 10000, 1024.2165169807495,
		0.00034852280583691253, 5.5460793078731614e-05, 7.981035984702974e-09, 44.86814807211217,
		999999999999999.5, 0.9999999999999995, 0.99999999999999994, 9.999999999999995, 99999999999999.95,
		0.000099999999999999995, 1.00000000000000005,
		math.NaN(), math.Inf(1), math.Inf(-1),
	}
	// Around every power of ten: the float below, at and above it, and
	// those a little further off, where the first digit's exponent changes.
	for n := -323; n <= 308; n++ {
		p, _ := strconv.ParseFloat("1e"+strconv.Itoa(n), 64)
		for _, q := range []float64{p, math.Nextafter(p, 0), math.Nextafter(p, math.Inf(1)), p * (1 - 3e-16), p * (1 + 3e-16),
			p * (1 - 5e-16), p * (1 - 6e-16), p * (1 - 5e-15), p * (1 - 4.9e-15), p * (1 - 5.1e-15)} {
			vs = append(vs, q, -q)
		}
	}
	for _, v := range vs {
		checkFloat(t, v)
	}
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "-0"}, {0.1, "0.1"}, {0.2 + 0.1, "0.3"}, {1.0 / 3, "0.333333333333333"},
		{-2.0 / 3, "-0.666666666666667"}, {1e-4, "0.0001"}, {1.5e-4, "0.00015"}, {9.99999999999999e-5, "9.99999999999999e-05"},
		{0.99999999999999994, "1"}, {4294150.5, "4294150.5"}, {1e21, "1e+21"}, {1.5e300, "1.5e+300"},
		{1 << 53, "9007199254740990"}, {1e15 + 0.5, "1000000000000000"}, {123456789012345.67, "123456789012346"},
		{5.5460793078731614e-05, "5.54607930787316e-05"}, {1024.2165169807495, "1024.21651698075"},
		{math.SmallestNonzeroFloat64, "4.94065645841247e-324"}, {1e-300, "1e-300"},
		{math.NaN(), "NaN"}, {math.Inf(1), "+Inf"}, {math.Inf(-1), "-Inf"},
	} {
		if got := string(appendFloat(nil, tc.v)); got != tc.want {
			t.Errorf("appendFloat(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

// TestAppendFloatRandom checks millions of seeded random values (any bit
// pattern, uniform in [0, 1), log-uniform over the magnitudes the writers
// see) by checkFloat, and that a value whose shortest decimal has at most
// 15 digits is written exactly as before (appendFloatExact).
func TestAppendFloatRandom(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 50_000
	}
	r := rand.New(rand.NewPCG(1, 1))
	for range n {
		checkFloat(t, math.Float64frombits(r.Uint64()))
		checkFloat(t, r.Float64())
		checkFloat(t, (r.Float64()-0.5)*math.Pow(10, 30*r.Float64()-15))
	}
	short := 0
	for range n {
		// A decimal of 1 to 15 digits, at an exponent the writers see.
		nd := 1 + r.IntN(15)
		m := r.Uint64N(uint64(math.Pow10(nd)))
		v, _ := strconv.ParseFloat(strconv.FormatUint(m, 10)+"e"+strconv.Itoa(r.IntN(40)-30), 64)
		if r.IntN(2) == 0 {
			v = -v
		}
		if d, _, _ := strings.Cut(strconv.FormatFloat(v, 'e', -1, 64), "e"); len(strings.ReplaceAll(strings.TrimPrefix(d, "-"), ".", "")) > floatDigits {
			continue
		}
		short++
		if got, want := appendFloat(nil, v), appendFloatExact(nil, v); string(got) != string(want) {
			t.Fatalf("%v: wrote %q, its shortest decimal is %q", v, got, want)
		}
	}
	if short < n/2 {
		t.Errorf("%d decimals of at most 15 digits of %d drawn", short, n)
	}
}

// TestDigits8 checks digits8 against strconv on every number below 10^5
// and on seeded random ones up to 10^8.
func TestDigits8(t *testing.T) {
	check := func(x uint32) {
		v := digits8(x)
		var got [8]byte
		for k := range got {
			got[k] = '0' + byte(v>>(8*k))
		}
		if want := fmt.Sprintf("%08d", x); string(got[:]) != want {
			t.Fatalf("digits8(%d) = %q, want %q", x, got, want)
		}
	}
	for x := range uint32(100_000) {
		check(x)
	}
	r := rand.New(rand.NewPCG(1, 1))
	for range 1_000_000 {
		check(r.Uint32N(100_000_000))
	}
	check(99_999_999)
}

// TestAppendInt checks appendInt against strconv around every power of
// ten, at the ends of int64 and on seeded random values.
func TestAppendInt(t *testing.T) {
	vs := []int64{0, 1, -1, 9, 10, 99_999_999, 100_000_000, -99_999_999, -100_000_000, math.MaxInt64, math.MinInt64}
	for p := int64(1); p <= 1e18; p *= 10 {
		vs = append(vs, p-1, p, p+1, -p+1, -p, -p-1)
	}
	r := rand.New(rand.NewPCG(1, 1))
	for range 100_000 {
		vs = append(vs, r.Int64N(200_000_000)-100_000_000, r.Int64()>>r.IntN(64))
	}
	for _, v := range vs {
		if got, want := string(appendInt([]byte("x"), v)), "x"+strconv.FormatInt(v, 10); got != want {
			t.Fatalf("appendInt(%d) = %q, want %q", v, got, want)
		}
	}
}

func BenchmarkAppendFloat(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	vs := make([]float64, 4096)
	for k := range vs {
		vs[k] = math.Pow(10, 12*r.Float64()-9)
	}
	buf := make([]byte, 0, 64)
	for _, f := range []struct {
		name string
		fn   func([]byte, float64) []byte
	}{{"fixed15", appendFloat}, {"shortest", appendFloatExact}} {
		b.Run(f.name, func(b *testing.B) {
			for k := 0; b.Loop(); k++ {
				buf = f.fn(buf[:0], vs[k%len(vs)])
			}
		})
	}
}
