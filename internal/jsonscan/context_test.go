package jsonscan

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestDecodeContextStops: a done context stops both decoders.
func TestDecodeContextStops(t *testing.T) {
	feat := `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[46.8,40.1]}}`
	fast := `{"type":"FeatureCollection","features":[` + strings.Repeat(feat+",", 999) + feat + `]}`
	std := strings.Replace(fast, `"type":"FeatureCollection"`, `"Type":"FeatureCollection"`, 1) // the scanner leaves it to encoding/json
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for name, doc := range map[string]string{"fast": fast, "std": std} {
		if feats, err := DecodeContext(context.Background(), []byte(doc), "f", nil); err != nil || len(feats) != 1000 {
			t.Fatalf("%s: %d features, %v", name, len(feats), err)
		}
		if _, ok := scanGeoJSON(context.Background(), []byte(doc), nil); ok != (name == "fast") {
			t.Fatalf("%s: the fast decoder took it: %v", name, ok)
		}
		feats, err := DecodeContext(ctx, []byte(doc), "f", nil)
		if !errors.Is(err, context.Canceled) || feats != nil {
			t.Errorf("%s: %d features, %v; want context.Canceled", name, len(feats), err)
		}
	}
}
