// Command server serves the clearance library over HTTP: upload datasets,
// score their hectares (the bytes of planner score), plan survey and
// clearance as jobs and fetch the reports, vector tiles, and a map page.
//
//	go run ./examples/server -addr 127.0.0.1:8080 -data ./server-data
//	go run ./examples/server -db 'postgres://user@host/db?search_path=clearance'
//
// The handler is package api (examples/server/api), which other programs
// mount the same way; the storage is package store. SIGINT or SIGTERM stops
// the server gracefully: requests in flight finish, running plans get
// -shutdown-timeout to finish and are then cancelled, and every plan's
// status is stored.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/landrelease/clearance/examples/server/api"
	"github.com/landrelease/clearance/examples/server/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stderr, nil))
}

// run parses args, serves until ctx ends and shuts down. If ready is not
// nil it receives the address listened on.
func run(ctx context.Context, args []string, stderr io.Writer, ready chan<- string) int {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `host:port`")
	data := fs.String("data", "", "`folder` of the embedded store (SQLite, created if missing); default ./clearance-data unless -db is given")
	db := fs.String("db", "", "store in PostgreSQL at this `URL` (postgres://user@host/db, optionally ?search_path=schema) instead of -data")
	token := fs.String("token", os.Getenv("CLEARANCE_TOKEN"), "bearer `token` every write (POST, DELETE) must carry; default $CLEARANCE_TOKEN; empty means none")
	maxBody := fs.Int64("max-body", api.DefaultMaxBodyBytes, "largest request body in `bytes` (413 beyond)")
	maxJobs := fs.Int("max-jobs", api.DefaultMaxJobs, "scoring and planning runs at once, `n` (429 beyond)")
	reqTimeout := fs.Duration("request-timeout", api.DefaultRequestTimeout, "longest synchronous request (scoring, upload), a `duration`; 0 means none")
	shutdownTimeout := fs.Duration("shutdown-timeout", 30*time.Second, "on SIGINT or SIGTERM, how long running plans may go on before they are cancelled")
	maxCells := fs.Int("max-cells", 0, "refuse a scoring run estimated to cover more than `n` cells; 0 means the library's default, negative no limit")
	workers := fs.Int("workers", 0, "goroutines of each run, `n`; 0 means one per CPU")
	logJSON := fs.Bool("log-json", false, "log as JSON lines instead of text")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "server: unexpected arguments %q\n", fs.Args())
		return 2
	}
	if *data != "" && *db != "" {
		fmt.Fprintln(stderr, "server: give -data or -db, not both")
		return 2
	}
	var h slog.Handler = slog.NewTextHandler(stderr, nil)
	if *logJSON {
		h = slog.NewJSONHandler(stderr, nil)
	}
	log := slog.New(h)

	var st store.Store
	var err error
	switch {
	case *db != "":
		st, err = store.OpenPostgres(ctx, *db)
	default:
		if *data == "" {
			*data = "clearance-data"
		}
		st, err = store.OpenSQLite(ctx, *data)
	}
	if err != nil {
		log.Error("opening the store", "err", err)
		return 1
	}
	defer st.Close()

	timeout := *reqTimeout
	if timeout == 0 {
		timeout = -1
	}
	srv, err := api.New(ctx, api.Config{
		Store: st, Token: *token, MaxBodyBytes: *maxBody, MaxJobs: *maxJobs,
		RequestTimeout: timeout, MaxCells: *maxCells, Workers: *workers, Logger: log,
	})
	if err != nil {
		log.Error("starting", "err", err)
		return 1
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Error("listening", "err", err)
		return 1
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(h, slog.LevelWarn)}
	where := "-data " + *data
	if *db != "" {
		where = "PostgreSQL"
	}
	log.Info("serving", "addr", "http://"+ln.Addr().String(), "store", where, "token", *token != "")
	if ready != nil {
		ready <- ln.Addr().String()
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case err := <-served:
		log.Error("serving", "err", err)
		return 1
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), *shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		log.Warn("requests still open at the deadline", "err", err)
	}
	if err := srv.Shutdown(sctx); err != nil {
		log.Warn("plans cancelled at the deadline", "err", err)
	}
	log.Info("stopped")
	return 0
}
