package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// isTerminal reports whether w is a character device (a terminal), without
// a dependency: the mode bits of os.File.Stat.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// reporter writes progress and notes to stderr: on a terminal a bar redrawn
// in place, otherwise a plain line each time a stage passes another tenth
// once it has run for a second (short runs print nothing). Quiet silences it.
// Its methods are safe for concurrent use: progress callbacks may come from
// worker goroutines.
type reporter struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	quiet bool
	now   func() time.Time

	stage   string
	start   time.Time
	tenth   int  // last tenth printed (plain mode)
	drawn   bool // a bar is on the line (tty mode)
	lastBar time.Time
}

func newReporter(w io.Writer, quiet bool) *reporter {
	return &reporter{w: w, tty: isTerminal(w), quiet: quiet, now: time.Now}
}

// begin starts a stage of long work.
func (r *reporter) begin(stage string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clearBar()
	r.stage, r.start, r.tenth = stage, r.now(), 0
}

// update reports done of total units of the current stage.
func (r *reporter) update(done, total int) {
	if r == nil || r.quiet || total <= 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	frac := min(1, max(0, float64(done)/float64(total)))
	if r.tty {
		if now.Sub(r.lastBar) < 100*time.Millisecond && done < total {
			return
		}
		r.lastBar = now
		const width = 30
		n := int(frac * width)
		fmt.Fprintf(r.w, "\r%-10s [%s%s] %3.0f%% %d/%d", r.stage, strings.Repeat("#", n), strings.Repeat(".", width-n), 100*frac, done, total)
		r.drawn = true
		return
	}
	if now.Sub(r.start) < time.Second {
		return
	}
	if t := int(frac * 10); t > r.tenth {
		r.tenth = t
		fmt.Fprintf(r.w, "%s: %d%% (%d/%d) after %s\n", r.stage, t*10, done, total, now.Sub(r.start).Round(time.Millisecond))
	}
}

// notef writes a note line (a summary, a warning) unless quiet.
func (r *reporter) notef(format string, args ...any) {
	if r == nil || r.quiet {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clearBar()
	fmt.Fprintf(r.w, format+"\n", args...)
}

// end finishes the current stage: it ends a bar's line.
func (r *reporter) end() {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clearBar()
}

func (r *reporter) clearBar() {
	if r.drawn {
		fmt.Fprintln(r.w)
		r.drawn = false
	}
}
