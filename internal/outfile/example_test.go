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
