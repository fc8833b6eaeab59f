#!/usr/bin/env bash
# Regenerates the GDAL-written fixtures of this folder from the Aghdam
# scenario (../aghdam). Needs GDAL's ogr2ogr (Debian: gdal-bin); the tests
# do not. Run from this folder: bash make.sh
set -euo pipefail
cd "$(dirname "$0")"
A=../aghdam
rm -rf gpkg shp shp-utm kmz csv
mkdir -p gpkg shp shp-utm kmz
# CSV points: geometry from the lat/lon columns, field types detected.
CSVOPT=(-oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo KEEP_GEOM_COLUMNS=NO -oo AUTODETECT_TYPE=YES)

# GeoPackage: one file, three layers.
ogr2ogr -f GPKG gpkg/aghdam.gpkg $A/hazards.geojson -nln hazards
ogr2ogr -f GPKG -update gpkg/aghdam.gpkg $A/incidents.csv -nln incidents "${CSVOPT[@]}" -a_srs EPSG:4326
ogr2ogr -f GPKG -update gpkg/aghdam.gpkg $A/settlements.csv -nln settlements "${CSVOPT[@]}" -a_srs EPSG:4326

# GeoPackages in UTM 38N (read) and in the Lambert-93 of France
# (EPSG:2154, refused, naming it).
ogr2ogr -f GPKG -t_srs EPSG:32638 gpkg/hazards-utm.gpkg $A/hazards.geojson -nln hazards
ogr2ogr -f GPKG -t_srs EPSG:2154 gpkg/hazards-lambert93.gpkg $A/hazards.geojson -nln hazards

# Shapefiles in WGS84, text in UTF-8 (.cpg).
ogr2ogr -f "ESRI Shapefile" -mapFieldType StringList=String -lco ENCODING=UTF-8 shp/hazards.shp $A/hazards.geojson
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 shp/incidents.shp $A/incidents.csv "${CSVOPT[@]}" -a_srs EPSG:4326
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 shp/settlements.shp $A/settlements.csv "${CSVOPT[@]}" -a_srs EPSG:4326

# Shapefiles in UTM 38N (EPSG:32638), text in Windows-1254 (Turkish and
# Azerbaijani Latin letters but ə), as many IMSMA exports are.
ogr2ogr -f "ESRI Shapefile" -t_srs EPSG:32638 -mapFieldType StringList=String -lco ENCODING=CP1254 shp-utm/hazards.shp $A/hazards.geojson
ogr2ogr -f "ESRI Shapefile" -t_srs EPSG:32638 -lco ENCODING=CP1254 shp-utm/incidents.shp $A/incidents.csv "${CSVOPT[@]}" -s_srs EPSG:4326
ogr2ogr -f "ESRI Shapefile" -t_srs EPSG:32638 -lco ENCODING=CP1254 shp-utm/settlements.shp $A/settlements.csv "${CSVOPT[@]}" -s_srs EPSG:4326

# KMZ: GDAL's LIBKML driver writes doc.kml in a zip.
ogr2ogr -f LIBKML kmz/hazards.kmz $A/hazards.geojson
ogr2ogr -f LIBKML kmz/incidents.kmz $A/incidents.csv "${CSVOPT[@]}" -a_srs EPSG:4326
ogr2ogr -f LIBKML kmz/settlements.kmz $A/settlements.csv "${CSVOPT[@]}" -a_srs EPSG:4326

# CSV with a WKT geometry column (GDAL writes it first, named WKT), one
# comma-separated and one semicolon-separated.
rm -rf csv && mkdir -p csv
ogr2ogr -f CSV -lco GEOMETRY=AS_WKT csv/hazards.csv $A/hazards.geojson
ogr2ogr -f CSV -lco GEOMETRY=AS_WKT -lco SEPARATOR=SEMICOLON csv/hazards-semicolon.csv $A/hazards.geojson
