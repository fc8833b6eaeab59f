package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/landrelease/clearance/examples/server/api"
	"github.com/landrelease/clearance/examples/server/store"
)

// Example mounts the handler in a program of its own, uploads the Aghdam
// dataset and reads its scored cells.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "clearance-server")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	st, err := store.OpenSQLite(ctx, dir) // or store.OpenPostgres(ctx, "postgres://...")
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()
	srv, err := api.New(ctx, api.Config{Store: st, MaxJobs: 2, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Shutdown(ctx)       // after http.Server.Shutdown: lets running plans finish
	ts := httptest.NewServer(srv) // a real program: http.Server{Handler: srv}
	defer ts.Close()

	// Upload: multipart files hazards, incidents, villages.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for field, name := range map[string]string{"hazards": "hazards.geojson", "incidents": "incidents.csv", "villages": "settlements.csv"} {
		data, err := os.ReadFile(filepath.Join("../../../testdata/aghdam", name))
		if err != nil {
			log.Fatal(err)
		}
		w, _ := mw.CreateFormFile(field, name)
		w.Write(data)
	}
	mw.Close()
	resp, err := http.Post(ts.URL+"/api/v1/datasets", mw.FormDataContentType(), &body)
	if err != nil {
		log.Fatal(err)
	}
	var d api.DatasetInfo
	json.NewDecoder(resp.Body).Decode(&d)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, d.Hazards, "hazards,", d.Inc, "incidents,", d.Vil, "villages")

	// The scored cells, as planner score -zone 38N -cells writes them.
	resp, err = http.Get(ts.URL + "/api/v1/datasets/" + d.ID + "/cells.csv?zone=38N")
	if err != nil {
		log.Fatal(err)
	}
	cells, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, string(cells[:bytes.IndexByte(cells, ',')]))
	// Output:
	// 201 46 hazards, 95 incidents, 26 villages
	// 200 i
}
