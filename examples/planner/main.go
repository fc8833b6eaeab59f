// Command planner scores the hectares of a user's own hazard files,
// backtests the scoring against later incidents, and plans survey and
// clearance for a team set.
//
// Usage:
//
//	planner score -hazards H -incidents I -villages V -cells out.csv [flags]
//	planner backtest -hazards H -incidents I -villages V -split 2020-01-01 [flags]
//	planner fit -hazards H -incidents I -villages V -out model.json [flags]
//	planner plan -hazards H -incidents I -villages V -teams T.json -out DIR [flags]
//	planner help [command]
//
// Inputs are read by geo/dataset in any format it knows, chosen by the
// file's extension or the URL's scheme (.geojson/.json, .kml, .kmz, .csv,
// .gpkg, .shp, postgres://...?table=schema.name); -map layer.field=column
// maps a column to a field. -cells and plan -out also write GeoPackage
// (.gpkg) and PostGIS (postgres://) layers. Every problem in an
// input file is reported with the file, feature and field, and the exit
// status is then 1; a usage mistake exits with 2, an interrupt (Ctrl-C,
// SIGINT) or SIGTERM with 130, at any phase within about a second. Every
// output file is written to a temporary file beside it and renamed into
// place when complete: a failed or interrupted run leaves the previous
// file, or none, never a partial one. Input that reads but makes the risk
// meaningless (empty layers, swapped lat/lon, incidents away from every
// hazard, dates after today or before 1900, a doubtful UTM zone) is warned
// about, and warnings of one kind are printed once with a count. Progress goes to standard error (a bar on a terminal, a line now and
// then otherwise, nothing with -q).
//
// Run `planner score -h` for every flag. Example, on the embedded Aghdam data:
//
//	go run ./examples/planner score -hazards testdata/aghdam/hazards.geojson \
//		-incidents testdata/aghdam/incidents.csv -villages testdata/aghdam/settlements.csv \
//		-cells risk.csv -geojson risk.geojson
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/landrelease/clearance/geo"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit statuses.
const (
	exitOK          = 0
	exitFail        = 1   // bad input, a failed write
	exitUsage       = 2   // bad flags or command line
	exitInterrupted = 130 // Ctrl-C (128 + SIGINT)
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	// run runs the command with the arguments after its name.
	run func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

// commands lists the subcommands in the order usage shows them.
var commands = []command{
	{"score", scoreSummary, runScore},
	{"backtest", backtestSummary, runBacktest},
	{"fit", fitSummary, runFit},
	{"plan", planSummary, runPlan},
}

// run runs the planner with args (the command line without the program
// name) and returns the exit status. It is main without the process: tests
// call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	case "help":
		if len(args) > 1 {
			if c := lookup(args[1]); c != nil {
				return c.run(ctx, []string{"-h"}, stdout, stdout)
			}
			fmt.Fprintf(stderr, "planner: unknown command %q\n\n", args[1])
			usage(stderr)
			return exitUsage
		}
		usage(stdout)
		return exitOK
	}
	c := lookup(name)
	if c == nil {
		fmt.Fprintf(stderr, "planner: unknown command %q\n\n", name)
		usage(stderr)
		return exitUsage
	}
	return c.run(ctx, args[1:], stdout, stderr)
}

func lookup(name string) *command {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

// usage writes the top-level help: the commands and an example.
func usage(w io.Writer) {
	fmt.Fprint(w, `planner scores hectares of contaminated land by incident likelihood and
settlement exposure (package risk), from the user's own files, fits the
model to their history, and plans survey and clearance for a team set
(package planning).

Usage:
  planner <command> [flags]
  planner help <command>

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Inputs:
  The extension, or the URL's scheme, picks the reader:
    .geojson .json   GeoJSON (a crs member is honoured)
    .kml .kmz        KML, KMZ (GDAL's dates 2023/05/30 are read)
    .csv             CSV: points in lat/lon columns, or points and polygons
                     in a WKT column; semicolons with decimal commas detected
    .gpkg            GeoPackage: file.gpkg?layer=NAME, or the only layer, or
                     the layer named hazards, incidents, settlements, area
    .shp             Shapefile, with its .dbf, .shx, .prj and .cpg
    postgres://user@host:5432/db?table=schema.name   PostGIS table
    postgres://user@host:5432/db?query=SELECT...      PostGIS query
  Coordinates in a UTM zone or Web Mercator are turned into lon/lat; other
  CRSs are refused, naming them. -map layer.field=column reads a field from
  a column of another name (planner score -h lists them).

Example:
  planner score -hazards hazards.geojson -incidents incidents.csv \
      -villages villages.csv -cells risk.csv -geojson risk.geojson
  planner backtest -hazards hazards.geojson -incidents incidents.csv \
      -villages villages.csv -split 2020-01-01
  planner plan -hazards hazards.geojson -incidents incidents.csv \
      -villages villages.csv -teams teams.json -block 500 -out plan/

Exit status: 0 on success, 1 for bad input or a failed write, 2 for a
usage error, 130 when interrupted.
`)
}

// newFlagSet returns a FlagSet for command c whose usage shows the
// command's synopsis, summary, every flag and an example, on stderr.
func newFlagSet(c, synopsis, summary, example string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(c, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: planner %s %s\n\n", c, synopsis)
		fmt.Fprintf(w, "%s.\n\n", upperFirst(summary))
		fmt.Fprintf(w, "Flags:\n")
		fs.PrintDefaults()
		fmt.Fprintf(w, "\nExample:\n%s\n", example)
		fmt.Fprintf(w, "\nOther commands: run 'planner -h'.\n")
	}
	return fs
}

func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// parse parses args into fs and returns the exit status to stop with, or
// -1 to go on: 0 after -h, 2 after a bad flag or a stray argument.
func parse(fs *flag.FlagSet, args []string) int {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage // the flag package has printed the error and usage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "planner %s: unexpected argument %q (flags come before it?)\n", fs.Name(), fs.Arg(0))
		return exitUsage
	}
	return -1
}

// usageErrorf reports a usage error of command fs and returns exitUsage.
func usageErrorf(fs *flag.FlagSet, format string, args ...any) int {
	fmt.Fprintf(fs.Output(), "planner %s: %s\nRun 'planner %s -h' for the flags.\n", fs.Name(), fmt.Sprintf(format, args...), fs.Name())
	return exitUsage
}

// fail reports err and returns the exit status for it: 130 if the work was
// interrupted, 1 otherwise.
func fail(stderr io.Writer, cmd string, err error) int {
	if errors.Is(err, context.Canceled) {
		fmt.Fprintf(stderr, "planner %s: interrupted\n", cmd)
		return exitInterrupted
	}
	// The errors of several input files come joined: one line (or block)
	// per file.
	if j, ok := err.(interface{ Unwrap() []error }); ok && isJoin(err) {
		for _, e := range j.Unwrap() {
			fmt.Fprintf(stderr, "planner %s: %v\n", cmd, e)
		}
		return exitFail
	}
	fmt.Fprintf(stderr, "planner %s: %v\n", cmd, err)
	return exitFail
}

// isJoin reports whether err was made by errors.Join (rather than being,
// say, a *geo.FileError, which also unwraps to several errors).
func isJoin(err error) bool {
	var fe *geo.FileError
	return !errors.As(err, &fe) || fe != err
}
