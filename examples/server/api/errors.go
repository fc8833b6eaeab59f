package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/landrelease/clearance/examples/server/store"
	"github.com/landrelease/clearance/geo"
)

// Problem is one problem of an input file in an error response: the
// file, the line (0 if unknown), the feature's 0-based index (-1 for the
// whole file) and id, and the field.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Feature int    `json:"feature"`
	Noun    string `json:"noun,omitempty"`
	ID      string `json:"id,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// ErrorBody is the JSON of every error response.
type ErrorBody struct {
	Error    string    `json:"error"`
	Problems []Problem `json:"problems,omitempty"`
	// Truncated says more problems were found than are listed.
	Truncated bool `json:"truncated,omitempty"`
}

// badRequest marks an error of the client's request (400).
type badRequest struct{ err error }

func (e badRequest) Error() string { return e.err.Error() }
func (e badRequest) Unwrap() error { return e.err }

func badRequestf(format string, args ...any) error {
	return badRequest{fmt.Errorf(format, args...)}
}

// problems gathers every *geo.FeatureError in err's tree, in order, and
// whether a file said it had more.
func problems(err error) (ps []Problem, truncated bool) {
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
			return
		case *geo.FileError:
			truncated = truncated || e.Truncated
			for _, fe := range e.Errs {
				walk(fe)
			}
			return
		case *geo.FeatureError:
			msg := ""
			if e.Err != nil {
				msg = e.Err.Error()
			}
			ps = append(ps, Problem{File: e.File, Line: e.Line, Feature: e.Index, Noun: e.Noun, ID: e.ID, Field: e.Field, Message: msg})
			return
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				walk(e)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	return ps, truncated
}

// statusOf picks the HTTP status of an error.
func statusOf(err error) int {
	var mb *http.MaxBytesError
	var br badRequest
	switch {
	case errors.As(err, &mb):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, errBusy):
		return http.StatusTooManyRequests
	case errors.Is(err, errClosing):
		return http.StatusServiceUnavailable
	case errors.As(err, &br):
		return http.StatusBadRequest // before the causes it may wrap
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout
	case errors.Is(err, context.Canceled):
		return 499 // the client went away: nobody reads it
	case errors.Is(err, geo.ErrTooManyCells):
		return http.StatusBadRequest
	}
	var fe *geo.FeatureError
	if errors.As(err, &fe) {
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

// writeError answers err as JSON with the status given, or the status of
// the error if code is 0.
func writeError(w http.ResponseWriter, code int, err error) {
	if code == 0 {
		code = statusOf(err)
	}
	if code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	body := ErrorBody{Error: err.Error()}
	if code == http.StatusGatewayTimeout {
		body.Error = "the request took longer than the server allows: " + body.Error
	}
	body.Problems, body.Truncated = problems(err)
	writeJSON(w, code, body)
}
