// Package golden compares test output with golden files, and rewrites them
// when the tests run with -update:
//
//	go test ./risk -run TestWriteGolden -update
//
// Read the diff of a rewritten golden file before committing it.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// Update is the -update flag of every test binary that imports golden.
var Update = flag.Bool("update", false, "rewrite the golden files instead of comparing with them")

// Check compares got with the file at path. With -update it writes got to
// path instead (creating its folder). hint, if not empty, is added to the
// message of a difference, for example what else to re-run.
func Check(t testing.TB, path string, got []byte, hint string) {
	t.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		msg := "%s differs from the golden file; if the change is deliberate, run with -update and review the diff"
		if hint != "" {
			msg += "; " + hint
		}
		t.Errorf(msg, path)
	}
}
