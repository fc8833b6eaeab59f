package outfile

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// bufSize is the size of a File's buffer: the context is checked once per
// buffer written to disk.
const bufSize = 1 << 16

// File is an output file being written. Writes go, through a 64 KiB
// buffer, to a temporary file beside the final path; [File.Close] renames
// it into place, [File.Abort] removes it. A File is not safe for
// concurrent use.
type File struct {
	ctx  context.Context
	path string
	tmp  *os.File
	bw   *bufio.Writer
	err  error // the first error; every later Write returns it
	done bool  // closed or aborted
}

// Create starts writing path. The temporary file is created in path's
// folder (which must exist), named after path and hidden (".name.*.tmp");
// temporary files a killed run left for the same path are removed first.
// Once ctx is done, writes fail with an error wrapping ctx.Err(), checked
// each time the buffer goes to disk (every 64 KiB) and at Close. The error
// names path.
func Create(ctx context.Context, path string) (*File, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	removeStale(dir, base)
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	f := &File{ctx: ctx, path: path, tmp: tmp}
	f.bw = bufio.NewWriterSize(ctxWriter{ctx, tmp}, bufSize)
	return f, nil
}

// removeStale removes the temporary files of base that an earlier run,
// killed before it could clean up, left in dir. Errors are ignored: a file
// it cannot list or remove is left as it is.
func removeStale(dir, base string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + base + "."
	for _, e := range ents {
		n := e.Name()
		if e.Type().IsRegular() && strings.HasPrefix(n, prefix) && strings.HasSuffix(n, ".tmp") &&
			!strings.Contains(n[len(prefix):len(n)-len(".tmp")], ".") {
			os.Remove(filepath.Join(dir, n))
		}
	}
}

// ctxWriter fails its writes once ctx is done.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// Path returns the final path of the file.
func (f *File) Path() string { return f.path }

// Write writes p to the buffer. An error names the path and stays: every
// later Write and Close return it.
func (f *File) Write(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	if f.done {
		return 0, fmt.Errorf("writing %s: %w", f.path, os.ErrClosed)
	}
	n, err := f.bw.Write(p)
	if err != nil {
		f.err = fmt.Errorf("writing %s: %w", f.path, err)
	}
	return n, f.err
}

// Close completes the file: it flushes the buffer, syncs the temporary
// file to disk, makes it readable by all (0644) and renames it to the
// final path, replacing any file there, then syncs the folder. On any
// error, or if the context is done, it removes the temporary file instead
// and returns the error, naming the path (wrapping ctx.Err() for a done
// context). Close after Close or Abort returns nil if the first one
// succeeded.
func (f *File) Close() error {
	if f.done {
		return f.err
	}
	f.done = true
	err := f.err
	if err == nil {
		err = f.bw.Flush()
	}
	if err == nil {
		err = f.ctx.Err()
	}
	if err == nil {
		err = f.tmp.Sync()
	}
	if err == nil {
		err = f.tmp.Chmod(0o644)
	}
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.tmp.Name(), f.path)
	}
	if err != nil {
		os.Remove(f.tmp.Name())
		if f.err == nil {
			f.err = fmt.Errorf("writing %s: %w", f.path, err)
		}
		return f.err
	}
	syncDir(filepath.Dir(f.path))
	return nil
}

// Abort gives the file up: the temporary file is closed and removed and the
// final path is left as it was. Abort after Close does nothing; it is meant
// to be deferred right after Create.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	if f.err == nil {
		f.err = fmt.Errorf("writing %s: %w", f.path, ErrAborted)
	}
	f.tmp.Close()
	os.Remove(f.tmp.Name())
}

// ErrAborted is what a Close after [File.Abort] returns, wrapped.
var ErrAborted = errors.New("outfile: aborted")

// syncDir syncs a folder so that a rename in it survives a crash. Errors
// are ignored: some systems cannot sync a folder.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}

// Write writes path atomically with write: it creates the file ([Create]),
// passes it to write and closes it ([File.Close]) if write succeeds, else
// aborts it. An error of write is returned as it is if it already names the
// path, else wrapped as "writing PATH: ...".
func Write(ctx context.Context, path string, write func(io.Writer) error) error {
	f, err := Create(ctx, path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Abort()
		if strings.Contains(err.Error(), path) {
			return err
		}
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}
