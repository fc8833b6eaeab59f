package modelfile

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/risk"
)

func TestRoundTrip(t *testing.T) {
	for _, m := range []risk.Model{
		{},
		{ShortBandwidthM: 250, LongBandwidthM: 10000, LongWeight: 0.7, RecencyYears: 5, NearScaleM: -1, VillageScaleM: 1500},
		{Kind: risk.KDE},
		{Kind: risk.KDE, BandwidthM: 700, CutoffM: 2000},
	} {
		f, err := FromModel(m, nil)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := Write(&b, f); err != nil {
			t.Fatal(err)
		}
		g, err := Read(&b, "m.json")
		if err != nil {
			t.Fatalf("%+v: %v\n%s", m, err, b.String())
		}
		got, want := g.Model(), m.WithDefaults()
		if !reflect.DeepEqual(got.WithDefaults(), want) {
			t.Errorf("read back %+v, want %+v", got, want)
		}
	}
	if _, err := FromModel(risk.Model{CasualtyWeight: true}, nil); !errors.Is(err, risk.ErrModel) {
		t.Errorf("casualty weights: %v", err)
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, field string }{
		{"not json", `{`, ""},
		{"unknown field", `{"format":"clearance-risk-model/1","kind":"mixture","short_bandwith_m":1}`, ""},
		{"format", `{"format":"x","kind":"kde","bandwidth_m":1,"cutoff_m":4}`, "format"},
		{"kind", `{"format":"clearance-risk-model/1","kind":"gauss"}`, "kind"},
		{"weight", `{"format":"clearance-risk-model/1","kind":"mixture","short_bandwidth_m":500,"long_bandwidth_m":5000,"long_weight":1.5,"recency_years":3,"near_scale_m":3000}`, "long_weight"},
		{"missing", `{"format":"clearance-risk-model/1","kind":"mixture","long_bandwidth_m":5000,"long_weight":0.5,"recency_years":3,"near_scale_m":3000}`, "short_bandwidth_m"},
		{"negative", `{"format":"clearance-risk-model/1","kind":"kde","bandwidth_m":-1,"cutoff_m":4}`, "bandwidth_m"},
		{"trailing", `{"format":"clearance-risk-model/1","kind":"kde","bandwidth_m":1,"cutoff_m":4} {}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tc.in), "m.json")
			var fe *geo.FileError
			if !errors.As(err, &fe) || !errors.Is(err, risk.ErrModel) {
				t.Fatalf("error %v", err)
			}
			if !strings.Contains(err.Error(), "m.json") || fe.Errs[0].Field != tc.field {
				t.Fatalf("error %v names field %q, want %q", err, fe.Errs[0].Field, tc.field)
			}
		})
	}
}

// FuzzRead: Read never panics, and a file it accepts gives a valid model
// that writes and reads back the same.
func FuzzRead(f *testing.F) {
	f.Add([]byte(`{"format":"clearance-risk-model/1","kind":"mixture","short_bandwidth_m":500,"long_bandwidth_m":5000,"long_weight":0.5,"recency_years":3,"near_scale_m":3000}`))
	f.Add([]byte(`{"format":"clearance-risk-model/1","kind":"kde","bandwidth_m":1000,"cutoff_m":4000,"village_scale_m":2000}`))
	f.Add([]byte(`{"format":"clearance-risk-model/1","kind":"mixture","fit":{"method":"x","folds":[{"origin":"2000-01-01"}],"candidates":[{"auc":null}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Read(bytes.NewReader(data), "fuzz.json")
		if err != nil {
			var fe *geo.FileError
			if !errors.As(err, &fe) || len(fe.Errs) == 0 {
				t.Fatalf("error %v is not a *geo.FileError with problems", err)
			}
			return
		}
		m := file.Model()
		if err := m.Validate(); err != nil {
			t.Fatalf("accepted an invalid model: %v", err)
		}
		out, err := FromModel(m, nil)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := Write(&b, out); err != nil {
			t.Fatal(err)
		}
		again, err := Read(&b, "again.json")
		if err != nil {
			t.Fatalf("written file does not read back: %v\n%s", err, b.String())
		}
		back := again.Model()
		if !reflect.DeepEqual(back.WithDefaults(), m.WithDefaults()) {
			t.Fatalf("model %+v read back as %+v", m, again.Model())
		}
	})
}
