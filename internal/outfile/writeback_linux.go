//go:build linux && (amd64 || arm64 || riscv64 || loong64)

package outfile

import "syscall"

// syncFileRangeWrite is SYNC_FILE_RANGE_WRITE: start the writing of the
// range's dirty pages, without waiting for it.
const syncFileRangeWrite = 0x2

// startWriteback asks the kernel to start writing bytes [off, off+n) of fd
// to disk (sync_file_range(2) with SYNC_FILE_RANGE_WRITE alone): it neither
// waits for the writing nor reports its errors, which fsync still does.
// These 64-bit platforms take the system call's arguments in order.
func startWriteback(fd uintptr, off, n int64) error {
	_, _, e := syscall.Syscall6(syscall.SYS_SYNC_FILE_RANGE, fd, uintptr(off), uintptr(n), syncFileRangeWrite, 0, 0)
	if e != 0 {
		return e
	}
	return nil
}
