package kml

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/landrelease/clearance/geo/feature"
)

// maxKMLBytes caps what one KML document of a KMZ may decompress to: a
// zip bomb stops there with an error.
const maxKMLBytes = 1 << 30

// DecodeKMZ reads a KMZ archive (a zip holding KML) of size bytes from r;
// file names it in messages. The root document is doc.kml, or else the
// first .kml file of the archive, as Google Earth reads it. Its
// Placemarks come first, then those of every document it reaches by
// NetworkLinks to files inside the archive (GDAL's LIBKML driver writes
// each layer to layers/NAME.kml linked from doc.kml), each document once,
// in link order. Features are indexed across documents; each one's Line
// is a line of its own document. Links to files outside the archive are
// not followed. See [Decode] for the rest.
//
// An archive that is not a zip, has no .kml file, or links to a .kml
// inside it that is missing is an error naming the file and wrapping
// feature.ErrFormat. Cost O(decompressed size); a document decompressing
// past 1 GiB is an error.
func DecodeKMZ(r io.ReaderAt, size int64, file string) ([]feature.Feature, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%s: not a KMZ (zip) archive: %w: %w", file, feature.ErrFormat, err)
	}
	byName := map[string]*zip.File{}
	var root *zip.File
	for _, f := range zr.File {
		name := path.Clean(strings.ReplaceAll(f.Name, `\`, "/"))
		byName[name] = f
		if !strings.EqualFold(path.Ext(name), ".kml") {
			continue
		}
		if root == nil || strings.EqualFold(name, "doc.kml") && !strings.EqualFold(path.Clean(root.Name), "doc.kml") {
			root = f
		}
	}
	if root == nil {
		return nil, fmt.Errorf("%s: the archive holds no .kml file: %w", file, feature.ErrFormat)
	}
	var out []feature.Feature
	seen := map[string]bool{}
	var visit func(f *zip.File) error
	visit = func(f *zip.File) error {
		name := path.Clean(f.Name)
		if seen[name] {
			return nil
		}
		seen[name] = true
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("%s: %s: %w: %w", file, f.Name, feature.ErrFormat, err)
		}
		defer rc.Close()
		lr := &limitReader{r: rc, n: maxKMLBytes}
		feats, links, err := decode(lr, file+"/"+f.Name)
		if lr.over {
			return fmt.Errorf("%s: %s decompresses past %d bytes: %w", file, f.Name, int64(maxKMLBytes), feature.ErrFormat)
		}
		if err != nil {
			return err
		}
		for i := range feats {
			feats[i].Index = len(out)
			out = append(out, feats[i])
		}
		for _, href := range links {
			if strings.Contains(href, "://") || strings.HasPrefix(href, "/") {
				continue // outside the archive
			}
			target := path.Join(path.Dir(name), href)
			lf, ok := byName[target]
			if !ok {
				return fmt.Errorf("%s: %s links to %s, which the archive does not hold: %w", file, f.Name, href, feature.ErrFormat)
			}
			if err := visit(lf); err != nil {
				return err
			}
		}
		return nil
	}
	if err := visit(root); err != nil {
		return nil, err
	}
	return out, nil
}

// limitReader reads at most n bytes of r, then fails, noting it.
type limitReader struct {
	r    io.Reader
	n    int64
	over bool
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		l.over = true
		return 0, errors.New("kml: a KMZ entry past the size limit")
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// WriteKMZ writes l as a KMZ archive: a zip holding doc.kml, written by
// [Write] and compressed as it is written. Cost: that of Write.
func WriteKMZ(w io.Writer, l *feature.Layer) error {
	zw := zip.NewWriter(w)
	dw, err := zw.Create("doc.kml")
	if err != nil {
		return err
	}
	if err := Write(dw, l); err != nil {
		return err
	}
	return zw.Close()
}
