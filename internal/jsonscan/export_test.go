package jsonscan

// RefDecodeLen decodes data with the reference decoder (encoding/json all
// the way down) and returns the number of features, for the benchmark of
// package jsonscan_test.
func RefDecodeLen(data []byte) (int, error) {
	out, err := refDecodeGeoJSON(data, "f")
	return len(out), err
}
