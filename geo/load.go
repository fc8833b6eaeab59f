package geo

import (
	"errors"
	"io"
	"io/fs"
	"os"
)

// Files names the files that hold a Dataset's layers. Each format is picked
// from the file's extension (see [FormatOf]); an empty name leaves that
// layer empty.
type Files struct {
	Hazards     string
	Incidents   string
	Settlements string
	// Area is an optional area of interest (polygons).
	Area string
}

// ReadDataset reads the layers named by files into one Dataset, with
// [ReadHazards], [ReadIncidents], [ReadSettlements] and [ReadArea]. fsys is
// where the names are looked up; nil means the operating system's files,
// with the names used as paths (relative or absolute). An embed.FS or
// os.DirFS works as well.
//
// Every named file is read even if an earlier one has errors, so one call
// reports every problem: the error joins each file's error (a *[FileError]
// per file with bad features, found by errors.As) and the Dataset holds
// every feature read without error. The warnings of all files are returned
// in the order of the fields of Files.
func ReadDataset(fsys fs.FS, files Files, opt *ReadOptions) (*Dataset, []Warning, error) {
	d := &Dataset{}
	var warns []Warning
	var errs []error
	read := func(name string, decode func(io.Reader, string, Format) ([]Warning, error)) {
		if name == "" {
			return
		}
		f, err := FormatOf(name)
		if err != nil {
			errs = append(errs, err)
			return
		}
		var fh io.ReadCloser
		if fsys == nil {
			fh, err = os.Open(name)
		} else {
			fh, err = fsys.Open(name)
		}
		if err != nil {
			errs = append(errs, err)
			return
		}
		defer fh.Close()
		w, err := decode(fh, name, f)
		warns = append(warns, w...)
		if err != nil {
			errs = append(errs, err)
		}
	}
	read(files.Hazards, func(r io.Reader, name string, f Format) (w []Warning, err error) {
		d.Hazards, w, err = ReadHazards(r, name, f, opt)
		return w, err
	})
	read(files.Incidents, func(r io.Reader, name string, f Format) (w []Warning, err error) {
		d.Incidents, w, err = ReadIncidents(r, name, f, opt)
		return w, err
	})
	read(files.Settlements, func(r io.Reader, name string, f Format) (w []Warning, err error) {
		d.Settlements, w, err = ReadSettlements(r, name, f, opt)
		return w, err
	})
	read(files.Area, func(r io.Reader, name string, f Format) (w []Warning, err error) {
		d.Area, w, err = ReadArea(r, name, f, opt)
		return w, err
	})
	return d, warns, errors.Join(errs...)
}
