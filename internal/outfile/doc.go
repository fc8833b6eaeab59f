// Package outfile writes output files atomically: every byte goes to a
// temporary file in the folder of the final path, which is flushed, synced
// to disk and renamed into place only when the whole file is written. A run
// that fails, is interrupted (its context done) or is killed leaves the
// previous file, or none, never a partial one; at worst a hidden temporary
// file (".name.*.tmp") that a later [Create] of the same path removes (or
// a [Dir]'s, which lists the folder once for a run of many files).
//
// On Linux (64-bit) the kernel is asked, every 4 MiB written, to start writing what
// came before to disk (sync_file_range(2), in the background: the writer
// never waits for it), so a large file is mostly on disk when it is done
// and the sync before the rename has little left (a 190 MB CSV: 2-3 ms
// instead of 60-110 ms). That sync still writes the rest and reports any
// error; the guarantees are those above.
//
// Every output path of the module's programs and reports goes through it:
// planning/report, geo/dataset's file formats, examples/planner and
// examples/aghdam.
package outfile
