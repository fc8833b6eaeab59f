#!/usr/bin/env bash
# Vendors the map library of the server's page from the npm registry:
# maplibre-gl at the version pinned below, its dist JavaScript and CSS and
# its licence, copied into static/ (committed, embedded by go:embed). Run it
# to change the version, then commit static/:
#
#   bash examples/server/web/build.sh
#
# It needs npm; nothing is installed globally (npm pack into a temporary
# folder) and the tarball's integrity is checked by npm.
set -euo pipefail
cd "$(dirname "$0")"

VERSION=5.24.1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "maplibre-gl@$VERSION" >/dev/null)
tar -xzf "$tmp/maplibre-gl-$VERSION.tgz" -C "$tmp"
mkdir -p static
cp "$tmp/package/dist/maplibre-gl.js" static/maplibre-gl.js
cp "$tmp/package/dist/maplibre-gl.css" static/maplibre-gl.css
cp "$tmp/package/LICENSE.txt" static/maplibre-gl.LICENSE.txt
echo "$VERSION" > static/maplibre-gl.VERSION
echo "vendored maplibre-gl $VERSION into $(pwd)/static" >&2
