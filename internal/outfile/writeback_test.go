package outfile

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// writeChunks writes data to f in pieces of random sizes, small ones
// through the buffer and large ones past it.
func writeChunks(t *testing.T, f *File, data []byte, rng *rand.Rand) {
	t.Helper()
	for len(data) > 0 {
		n := min(len(data), 1+rng.IntN(3*bufSize))
		if rng.IntN(4) == 0 {
			n = min(len(data), 1+rng.IntN(64))
		}
		if _, err := f.Write(data[:n]); err != nil {
			t.Fatal(err)
		}
		data = data[n:]
	}
}

// A file of several writeback chunks is written whole, its writeback
// started on the way (where the system has sync_file_range), in ranges
// that end on a page and never pass what was written.
func TestWritebackWholeFile(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	data := make([]byte, 3*writebackChunk+12345)
	for i := range data {
		data[i] = byte(rng.Uint32())
	}
	path := filepath.Join(t.TempDir(), "big.csv")
	f, err := Create(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	writeChunks(t, f, data, rng)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	started, written := f.wb.started, f.wb.written
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read back %d bytes (%v), want the %d written", len(got), err, len(data))
	}
	if written != int64(len(data)) {
		t.Errorf("%d bytes counted as written, want %d", written, len(data))
	}
	if started%pageSize != 0 || started > written {
		t.Errorf("writeback started up to %d of %d written, not on a page", started, written)
	}
	if errors.Is(startWriteback(0, 0, 0), errors.ErrUnsupported) {
		t.Skip("no writeback on this system")
	}
	if started < 2*writebackChunk {
		t.Errorf("writeback started up to %d of %d written, want at least %d", started, written, 2*writebackChunk)
	}
}

// A file whose writeback has started and that then fails (aborted, or its
// context done) leaves the previous file and no temporary file.
func TestWritebackFailureLeavesPrevious(t *testing.T) {
	for _, cancelIt := range []bool{false, true} {
		dir := t.TempDir()
		path := filepath.Join(dir, "out.csv")
		os.WriteFile(path, []byte("previous"), 0o644)
		ctx, cancel := context.WithCancel(context.Background())
		f, err := Create(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		writeChunks(t, f, make([]byte, 2*writebackChunk+7), rand.New(rand.NewPCG(3, 4)))
		if cancelIt {
			cancel()
			if err := f.Close(); !errors.Is(err, context.Canceled) {
				t.Errorf("Close after cancel: %v", err)
			}
		} else {
			f.Abort()
		}
		cancel()
		if got, _ := os.ReadFile(path); string(got) != "previous" {
			t.Errorf("cancel %v: file now %d bytes, want the previous content", cancelIt, len(got))
		}
		if ents, _ := os.ReadDir(dir); len(ents) != 1 {
			t.Errorf("cancel %v: %d files left, want 1", cancelIt, len(ents))
		}
	}
}
