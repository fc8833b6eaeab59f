package outfile

import (
	"os"
	"sync"
	"sync/atomic"
	"syscall"
)

// writebackChunk is how many bytes a File writes between two starts of
// the kernel's writeback (at most 46 for a 190 MB file).
const writebackChunk = 4 << 20

// writeback starts the kernel's writing to disk of what a File has
// written while the rest is still being made, so that the fsync at
// [File.Close] has little left to wait for. Without it the kernel keeps
// up to a tenth of the memory dirty in the page cache (a 190 MB output
// entirely) until that fsync.
//
// Each time writebackChunk more bytes have gone to the temporary file, the
// range written since the last start, rounded down to a page (the last
// page is still being filled), is handed to a goroutine, one at a time,
// that calls sync_file_range(2) on it (Linux on amd64, arm64, riscv64 and
// loong64; nothing elsewhere). The writer never waits: while a call runs,
// the ranges that come add up to the next one.
// The call neither waits for the disk nor consumes its errors: the fsync
// at Close still writes what is left and reports any error of the file,
// so durability rests on it as before. Close and Abort wait for a running
// call before they close the file.
type writeback struct {
	rc      syscall.RawConn // the temporary file's descriptor; nil: off
	written int64           // bytes written to the temporary file
	started int64           // bytes whose writeback was started
	busy    atomic.Bool     // a call is running
	off     atomic.Bool     // a call failed (not supported): no more
	wg      sync.WaitGroup
}

// pageSize is the unit writeback ranges are rounded down to.
var pageSize = int64(os.Getpagesize())

// init sets up writeback of f, or leaves it off if f has no descriptor.
func (w *writeback) init(f *os.File) {
	if rc, err := f.SyscallConn(); err == nil {
		w.rc = rc
	}
}

// wrote notes that n more bytes went to the file and, past a chunk, starts
// the writeback of what came since the last start unless a call is still
// running.
func (w *writeback) wrote(n int) {
	w.written += int64(n)
	if w.rc == nil || w.written-w.started < writebackChunk || w.busy.Load() || w.off.Load() {
		return
	}
	from, to := w.started, w.written&^(pageSize-1)
	w.started = to
	w.busy.Store(true)
	w.wg.Go(func() {
		defer w.busy.Store(false)
		w.rc.Control(func(fd uintptr) {
			if startWriteback(fd, from, to-from) != nil {
				w.off.Store(true)
			}
		})
	})
}

// wait waits for a running call to return.
func (w *writeback) wait() { w.wg.Wait() }
