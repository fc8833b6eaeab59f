//go:build !linux || !(amd64 || arm64 || riscv64 || loong64)

package outfile

import "errors"

// startWriteback does nothing here: there is no sync_file_range(2), and
// the final fsync writes the whole file.
func startWriteback(fd uintptr, off, n int64) error {
	return errors.ErrUnsupported
}
