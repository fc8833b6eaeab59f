// Package outfile writes output files atomically: every byte goes to a
// temporary file in the folder of the final path, which is flushed, synced
// to disk and renamed into place only when the whole file is written. A run
// that fails, is interrupted (its context done) or is killed leaves the
// previous file, or none, never a partial one; at worst a hidden temporary
// file (".name.*.tmp") that a later [Create] of the same path removes (or
// a [Dir]'s, which lists the folder once for a run of many files).
//
// Every output path of the module's programs and reports goes through it:
// planning/report, geo/dataset's file formats, examples/planner and
// examples/aghdam.
package outfile
