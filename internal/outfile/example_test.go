package outfile_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/landrelease/clearance/internal/outfile"
)

func Example() {
	dir, _ := os.MkdirTemp("", "outfile")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "risk.csv")
	// A write that fails leaves nothing at path.
	err := outfile.Write(context.Background(), path, func(w io.Writer) error {
		io.WriteString(w, "cell,risk\n")
		return fmt.Errorf("disk full")
	})
	_, statErr := os.Stat(path)
	fmt.Println(err != nil, os.IsNotExist(statErr))
	// A whole one is renamed into place.
	err = outfile.Write(context.Background(), path, func(w io.Writer) error {
		_, err := io.WriteString(w, "cell,risk\n1,0.5\n")
		return err
	})
	b, _ := os.ReadFile(path)
	fmt.Print(err, "\n", string(b))
	// Output:
	// true true
	// <nil>
	// cell,risk
	// 1,0.5
}

// A Dir writes many files into one folder, listing it once for what killed
// runs left and syncing it once at the end.
func ExampleDir() {
	dir, _ := os.MkdirTemp("", "outfile")
	defer os.RemoveAll(dir)
	d := outfile.NewDir(dir)
	for _, name := range []string{"001-a.gpx", "002-b.gpx"} {
		f, err := d.Create(context.Background(), name)
		if err != nil {
			fmt.Println(err)
			return
		}
		io.WriteString(f, "<gpx/>\n")
		if err := f.Close(); err != nil {
			fmt.Println(err)
			return
		}
	}
	d.Sync()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		fmt.Println(e.Name())
	}
	// Output:
	// 001-a.gpx
	// 002-b.gpx
}
