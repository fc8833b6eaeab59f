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
	"sync"
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

	syncDir bool // Close syncs the folder (not for a Dir's files)
	wb      writeback
}

// Create starts writing path. The temporary file is created in path's
// folder (which must exist), named after path and hidden (".name.*.tmp");
// temporary files a killed run left for the same path are removed first
// (which lists the folder: to write many files into one folder, use a
// [Dir]). Once ctx is done, writes fail with an error wrapping ctx.Err(),
// checked each time the buffer goes to disk (every 64 KiB) and at Close.
// The error names path.
func Create(ctx context.Context, path string) (*File, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	for _, n := range listStale(dir)[base] {
		os.Remove(filepath.Join(dir, n))
	}
	return create(ctx, dir, path, true)
}

// create makes the temporary file of path in dir; syncDir says whether
// Close syncs the folder.
func create(ctx context.Context, dir, path string, syncDir bool) (*File, error) {
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	f := &File{ctx: ctx, path: path, tmp: tmp, syncDir: syncDir}
	f.wb.init(tmp)
	f.bw = bufPool.Get().(*bufio.Writer)
	f.bw.Reset(tmpWriter{f})
	return f, nil
}

// bufPool holds the Files' 64 KiB buffers, reused from one file to the
// next.
var bufPool = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, bufSize) }}

// release gives the file's buffer back to bufPool.
func (f *File) release() {
	if f.bw != nil {
		f.bw.Reset(nil)
		bufPool.Put(f.bw)
		f.bw = nil
	}
}

// listStale lists the temporary files that runs killed before they could
// clean up left in dir, by the base name of the path they were for: a
// regular file ".base.X.tmp", X without a dot. Errors are ignored: a folder
// it cannot list has none.
func listStale(dir string) map[string][]string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var stale map[string][]string
	for _, e := range ents {
		n := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(n, ".") || !strings.HasSuffix(n, ".tmp") {
			continue
		}
		dot := strings.LastIndexByte(n[:len(n)-len(".tmp")], '.')
		if dot < 2 { // no base name before the last dot
			continue
		}
		if stale == nil {
			stale = make(map[string][]string)
		}
		stale[n[1:dot]] = append(stale[n[1:dot]], n)
	}
	return stale
}

// Dir creates files in one folder, for a run that writes many: it lists
// the folder once, at its first Create, for the temporary files killed runs
// left (where [Create] lists it for every file), and it syncs the folder
// once, at [Dir.Sync], instead of at every [File.Close]. Files created
// through a Dir are written, closed and aborted as [Create]'s are; each is
// renamed into place, complete, at its Close, but the renames are certain
// to survive a crash of the machine only once Sync has returned. A Dir is
// safe for concurrent use.
type Dir struct {
	path  string
	once  sync.Once
	mu    sync.Mutex
	stale map[string][]string // temporary files left, by base name
}

// NewDir returns a Dir for the folder path, which must exist when the first
// file is created. It does no I/O.
func NewDir(path string) *Dir { return &Dir{path: path} }

// Path returns the folder's path.
func (d *Dir) Path() string { return d.path }

// Create starts writing the file name (a base name, without a separator)
// in the folder, as [Create] does with the folder's path joined to name:
// the temporary files killed runs left for it, found when the Dir listed
// the folder, are removed first. Once ctx is done, it returns an error
// wrapping ctx.Err() and creates nothing. The error names the path.
func (d *Dir) Create(ctx context.Context, name string) (*File, error) {
	path := filepath.Join(d.path, name)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	d.once.Do(func() { d.stale = listStale(d.path) })
	d.mu.Lock()
	stale := d.stale[name]
	delete(d.stale, name)
	d.mu.Unlock()
	for _, n := range stale {
		os.Remove(filepath.Join(d.path, n))
	}
	return create(ctx, d.path, path, false)
}

// Sync syncs the folder, so that the renames of the files closed before it
// survive a crash. It returns the error of opening or syncing the folder;
// callers may ignore it where the system cannot sync a folder.
func (d *Dir) Sync() error {
	fd, err := os.Open(d.path)
	if err != nil {
		return err
	}
	err = fd.Sync()
	if cerr := fd.Close(); err == nil {
		err = cerr
	}
	return err
}

// tmpWriter writes what a File's buffer flushes to its temporary file,
// failing once the File's context is done, and keeps the file's
// writeback going.
type tmpWriter struct{ f *File }

func (t tmpWriter) Write(p []byte) (int, error) {
	if err := t.f.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := t.f.tmp.Write(p)
	t.f.wb.wrote(n)
	return n, err
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
	f.release()
	f.wb.wait()
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
	if f.syncDir {
		syncDir(filepath.Dir(f.path))
	}
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
	f.release()
	f.wb.wait()
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
