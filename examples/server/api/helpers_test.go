package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/landrelease/clearance/examples/server/api"
	"github.com/landrelease/clearance/examples/server/store"
)

// aghdam is the folder of the Aghdam scenario.
const aghdam = "../../../testdata/aghdam"

// newServer starts the handler over a fresh SQLite store; cfg's Store is
// set by it.
func newServer(t *testing.T, cfg api.Config) (*httptest.Server, *api.Server) {
	t.Helper()
	st, err := store.OpenSQLite(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cfg.Store = st
	if cfg.Logger == nil {
		cfg.Logger = quiet
	}
	h, err := api.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(func() {
		ts.Close()
		h.Shutdown(context.Background())
		st.Close()
	})
	return ts, h
}

// part is one part of a multipart form: a file if file is set.
type part struct {
	field, file string
	data        []byte
}

func fileAt(t *testing.T, field, path string) part {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return part{field: field, file: filepath.Base(path), data: data}
}

func aghdamParts(t *testing.T) []part {
	return []part{
		fileAt(t, "hazards", filepath.Join(aghdam, "hazards.geojson")),
		fileAt(t, "incidents", filepath.Join(aghdam, "incidents.csv")),
		fileAt(t, "villages", filepath.Join(aghdam, "settlements.csv")),
	}
}

// form encodes parts as multipart/form-data.
func form(t testing.TB, parts []part) (body []byte, contentType string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range parts {
		var w io.Writer
		var err error
		if p.file != "" {
			w, err = mw.CreateFormFile(p.field, p.file)
		} else {
			w, err = mw.CreateFormField(p.field)
		}
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.data)
	}
	mw.Close()
	return b.Bytes(), mw.FormDataContentType()
}

// post sends the form to url with the bearer token (if any) and returns
// the status and body.
func post(t testing.TB, url, token string, parts []part) (int, []byte) {
	t.Helper()
	body, ct := form(t, parts)
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return do(t, req)
}

func do(t testing.TB, req *http.Request) (int, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, data
}

func get(t testing.TB, url string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, req)
}

// decode unmarshals data into a new V, failing t on an error.
func decode[V any](t testing.TB, data []byte) V {
	t.Helper()
	var v V
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%v in %s", err, data)
	}
	return v
}

// upload stores the Aghdam dataset and returns its id.
func upload(t testing.TB, ts *httptest.Server, parts []part) string {
	t.Helper()
	code, body := post(t, ts.URL+"/api/v1/datasets", "", parts)
	if code != http.StatusCreated {
		t.Fatalf("upload: %d %s", code, body)
	}
	return decode[api.DatasetInfo](t, body).ID
}

// planNow makes a plan of the dataset with the Aghdam teams in the request
// (?wait=1), without uncertainty runs, and returns it.
func planNow(t testing.TB, ts *httptest.Server, dataset string) api.PlanInfo {
	t.Helper()
	teams, err := os.ReadFile(filepath.Join(aghdam, "teams.json"))
	if err != nil {
		t.Fatal(err)
	}
	code, body := post(t, ts.URL+"/api/v1/plans?wait=1", "", []part{
		{field: "dataset", data: []byte(dataset)},
		{field: "teams", file: "teams.json", data: teams},
		{field: "block", data: []byte("500")},
		{field: "runs", data: []byte("0")},
	})
	if code != http.StatusCreated {
		t.Fatalf("plan: %d %s", code, body)
	}
	return decode[api.PlanInfo](t, body)
}

// newHTTPServer serves h on a test server closed with t.
func newHTTPServer(t *testing.T, h http.Handler) *httptest.Server {
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}

// quiet is a logger that drops everything.
var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))
