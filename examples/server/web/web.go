// Package web holds the server's map page and the map library it uses
// (maplibre-gl, vendored into static/ by build.sh from the npm registry,
// with its licence), embedded in the binary.
package web

import "embed"

// FS holds index.html and static/: the page, its script and style, and
// maplibre-gl's JavaScript, CSS and LICENSE.
//
//go:embed index.html static
var FS embed.FS
