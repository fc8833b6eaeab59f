package risk

import (
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"strconv"
)

// floatDigits is the number of significant digits appendFloat writes for a
// value that is not an integer below 2^53: 15, the most that every decimal
// keeps through a float64 (so a value whose shortest decimal has at most 15
// digits, like 0.1 or 1024.5, is written as that decimal).
const floatDigits = 15

// pow10 holds 10^n correctly rounded to a float64 for n in [-pow10Bias,
// pow10Bias]; pow10[n+pow10Bias] is 10^n.
var pow10 = func() (t [2*pow10Bias + 1]float64) {
	for n := -pow10Bias; n <= pow10Bias; n++ {
		t[n+pow10Bias], _ = strconv.ParseFloat("1e"+strconv.Itoa(n), 64)
	}
	return t
}()

const pow10Bias = 308

// fastMin is the smallest magnitude the fast path of appendFloat formats:
// below it the scale 10^(14−e10) would overflow a float64.
const fastMin = 1e-290

// appendFloat writes v as the CSV and GeoJSON writers write every float:
// an integer of magnitude below 2^53 exactly, as an integer (full cells'
// areas, eastings and northings); any other finite value rounded to 15
// significant digits, without trailing zeros, in plain notation when its
// rounded decimal exponent is in [-4, 21) (so 0.00012, 4294150.5) and in
// exponent notation otherwise (5.54607930787316e-05, 1e+22); +Inf, -Inf,
// NaN and magnitudes above 1e308 as strconv writes them (the last at full
// precision, which reads back within range); -0 as "-0". The text reads
// back (strconv.ParseFloat) within 5.5e-15 relative of v: half a unit of
// the 15th digit (at most 5e-15 of v) and the scaling's two roundings (at
// most 2.3e-16); and to v itself when v's shortest decimal has at most 15
// digits.
//
// It costs about 280 instructions a float against about 990 for strconv's
// shortest formatting: the 15 digits come from one or two float64
// multiplications by a power of ten and an integer conversion, not a
// search for the shortest decimal.
func appendFloat(b []byte, v float64) []byte {
	if v == math.Trunc(v) && math.Abs(v) < 1<<53 && (v != 0 || !math.Signbit(v)) {
		return appendInt(b, int64(v)) // integers, fast: eastings, northings, full cells
	}
	a := math.Abs(v)
	if a < fastMin || a > 1e308 || v != v {
		// Subnormals and values near them, -0, ±Inf, NaN, and values that
		// 15 digits would round past the largest float64: rare, by strconv.
		if a > 1e308 || v != v || v == 0 {
			return strconv.AppendFloat(b, v, 'g', -1, 64)
		}
		return strconv.AppendFloat(b, v, 'g', floatDigits, 64)
	}
	digits, e10, ok := decimal15(a)
	if !ok {
		return strconv.AppendFloat(b, v, 'g', floatDigits, 64)
	}
	if v < 0 {
		b = append(b, '-')
	}
	return appendDecimal(b, digits, e10)
}

// appendFloatExact writes v as the writers did before appendFloat, and do
// with CSVOptions.Exact: the shortest decimal that reads back to v itself
// (strconv), an integer of magnitude below 2^53 as an integer, plain for
// magnitudes in [1e-4, 1e21) and in exponent notation otherwise; +Inf,
// -Inf and NaN as strconv writes them.
func appendFloatExact(b []byte, v float64) []byte {
	if v == math.Trunc(v) && math.Abs(v) < 1<<53 && (v != 0 || !math.Signbit(v)) {
		return strconv.AppendInt(b, int64(v), 10)
	}
	if a := math.Abs(v); a >= 1e-4 && a < 1e21 {
		return strconv.AppendFloat(b, v, 'f', -1, 64)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// floatFormat returns appendFloatExact if exact, else appendFloat.
func floatFormat(exact bool) func([]byte, float64) []byte {
	if exact {
		return appendFloatExact
	}
	return appendFloat
}

// decimal15 returns a (finite, at least fastMin) rounded to 15 significant
// digits: the digits as an integer in [10^14, 10^15) and the decimal
// exponent of the first one, so that a ≈ digits · 10^(e10−14). ok is
// false if the exponent could not be settled (not seen for any float64:
// the caller then formats by strconv).
func decimal15(a float64) (digits uint64, e10 int, ok bool) {
	// floor(log10 a) from the binary exponent (log10 2 ≈ 0.30103; off by at
	// most one, which the checks below mend).
	e2 := int(math.Float64bits(a)>>52&0x7ff) - 1023
	e10 = (e2 * 78913) >> 18
	for range 4 {
		k := floatDigits - 1 - e10
		if k < -pow10Bias || k > pow10Bias {
			break
		}
		x := scale10(a, k)
		t := uint64(x)
		if x-float64(t) >= 0.5 {
			t++
		}
		switch {
		case t >= 1e15:
			e10++
		case t < 1e14:
			e10--
		default:
			return t, e10, true
		}
	}
	return 0, 0, false
}

// scale10 returns a·10^k rounded: exactly once when 10^|k| is exact (|k| ≤
// 22), else twice (the power, then the product).
func scale10(a float64, k int) float64 {
	switch {
	case k >= 0 && k <= 22:
		return a * pow10[k+pow10Bias]
	case k < 0 && k >= -22:
		return a / pow10[-k+pow10Bias]
	}
	return a * pow10[k+pow10Bias]
}

// appendDecimal writes digits·10^(e10−14) (digits in [10^14, 10^15))
// without trailing zeros, in plain notation for e10 in [-4, 21) and in
// exponent notation (d.ddde±XX, at least two exponent digits) otherwise.
// The digits are made eight at a time in a register (digits8) and stored
// straight into b's spare capacity.
func appendDecimal(b []byte, digits uint64, e10 int) []byte {
	hi, lo := digits8(uint32(digits/1e8)), digits8(uint32(digits%1e8))
	// Trailing zero digits are zero bytes at the high end of lo (then hi).
	var nd int
	if lo != 0 {
		nd = 15 - bits.LeadingZeros64(lo)/8
	} else {
		nd = 7 - bits.LeadingZeros64(hi)/8
	}
	const ascii = 0x3030303030303030
	hi, lo = (hi|ascii)>>8, lo|ascii // hi: its 7 digits (the 8th, a leading 0, shifted out)
	n := len(b)
	b = slices.Grow(b, 40)
	out := b[n : n+40]
	// digitsAt stores the 15 digits at out[p:p+15]; out[p+15] is left as it was.
	digitsAt := func(p int) {
		binary.LittleEndian.PutUint64(out[p:], hi)
		binary.LittleEndian.PutUint64(out[p+7:], lo)
	}
	var m int // bytes written
	switch {
	case e10 < -4 || e10 >= 21:
		digitsAt(1)
		out[0] = out[1]
		m = 1
		if nd > 1 {
			out[1] = '.'
			m = nd + 1
		}
		out[m] = 'e'
		out[m+1] = '+'
		if e10 < 0 {
			out[m+1] = '-'
			e10 = -e10
		}
		m += 2
		if e10 >= 100 {
			out[m] = byte('0' + e10/100)
			m++
			e10 %= 100
		}
		out[m], out[m+1] = smallDigits[2*e10], smallDigits[2*e10+1]
		m += 2
	case e10 < 0:
		// "0." and −e10−1 zeros, then the digits.
		binary.LittleEndian.PutUint64(out, 0x303030303030_2e30) // "0.000000"
		digitsAt(1 - e10)
		m = 1 - e10 + nd
	case e10+1 >= nd:
		// An integer: the digits, then zeros up to the units.
		binary.LittleEndian.PutUint64(out[15:], ascii)
		digitsAt(0)
		m = e10 + 1
	default:
		// The digits with a point after the first e10+1.
		digitsAt(1)
		for k := range e10 + 1 { // a few bytes: cheaper than memmove's call
			out[k] = out[k+1]
		}
		out[e10+1] = '.'
		m = nd + 1
	}
	return b[:n+m]
}

// appendInt writes n in decimal, as strconv.AppendInt(b, n, 10) does;
// magnitudes below 10^8 (cell indexes, eastings, northings, full cells'
// areas) by digits8.
func appendInt(b []byte, n int64) []byte {
	if n <= -1e8 || n >= 1e8 {
		return strconv.AppendInt(b, n, 10)
	}
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	if n == 0 {
		return append(b, '0')
	}
	w := digits8(uint32(n))
	lz := bits.TrailingZeros64(w) / 8 // leading zero digits: the low bytes
	k := len(b)
	b = slices.Grow(b, 8)
	binary.LittleEndian.PutUint64(b[k:k+8], (w|0x3030303030303030)>>(8*lz))
	return b[:k+8-lz]
}

// digits8 returns the eight decimal digits of x (below 10^8, with leading
// zeros) as the bytes 0 to 9 of a little-endian word, the first digit in
// the lowest byte: x is split into two halves of four digits, each into
// two of two, each into two digits, all lanes at once (d/100 as
// d·10,486>>20 for d < 10^4, d/10 as d·103>>10 for d < 100, both exact).
func digits8(x uint32) uint64 {
	v := uint64(x/10000) | uint64(x%10000)<<32
	q := (v * 10486 >> 20) & 0x0000007f_0000007f
	v = q | (v-q*100)<<16
	q = (v * 103 >> 10) & 0x000f_000f_000f_000f
	return q | (v-q*10)<<8
}

// smallDigits holds the two digits of every number below 100.
const smallDigits = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"
