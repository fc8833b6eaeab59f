#!/usr/bin/env bash
# Writes files with the planner and the library's writers, and records
# what GDAL's ogrinfo (Debian: gdal-bin) makes of them in ogrinfo/. Run
# from this folder: bash check.sh. The tests do not need GDAL.
set -euo pipefail
cd "$(dirname "$0")"
A=../aghdam
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go run ../../examples/planner score -q -hazards $A/hazards.geojson -incidents $A/incidents.csv \
	-villages $A/settlements.csv -cells "$out/cells.gpkg" -hazards-out "$out/cells.gpkg"
go run ../../examples/planner plan -q -hazards $A/hazards.geojson -incidents $A/incidents.csv \
	-villages $A/settlements.csv -teams $A/teams.json -block 500 -out "$out/plan.gpkg" >/dev/null
go run ./write "$out"
mkdir -p ogrinfo
report() { # name, file: ogrinfo's summary of every layer, the temporary folder's name removed
	ogrinfo -ro -so -al "$2" 2>&1 | sed "s|$out/||g" >"ogrinfo/$1.txt"
}
report cells.gpkg "$out/cells.gpkg"
report plan.gpkg "$out/plan.gpkg"
report hazards.kmz "$out/hazards.kmz"
report hazards-wkt.csv "$out/hazards-wkt.csv"
