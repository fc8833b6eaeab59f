package main

import (
	"os"
	"strings"
	"testing"
)

// TestREADMEShowsThisProgram keeps the README's example and this program
// the same, so the README's code is compiled and run by the tests.
func TestREADMEShowsThisProgram(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	// The README shows the program from "package main" on, without the
	// command's doc comment.
	code := string(src[strings.Index(string(src), "package main"):])
	if !strings.Contains(string(readme), "```go\n"+code+"```") {
		t.Error("README.md does not show examples/quickstart/main.go (from \"package main\" on) in a ```go block; copy it over")
	}
}

func TestRun(t *testing.T) {
	t.Chdir("../..")
	main() // log.Fatal would end the test binary with a failure
}
