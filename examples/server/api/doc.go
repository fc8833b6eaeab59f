// Package api is the clearance server's HTTP handler: upload datasets, score
// their hectares, plan survey and clearance as jobs, serve vector tiles and
// a map page. It is the model of how to embed the library in a Go service:
// New returns an http.Handler that any program can mount, with a store.Store
// of its choice.
//
// # Endpoints
//
//	GET    /healthz                                  {"status": "ok", ...} while the store answers (503 if not)
//	GET    /api/v1/datasets                          the datasets, newest first
//	POST   /api/v1/datasets                          multipart files hazards, incidents, villages (area optional) -> 201
//	GET    /api/v1/datasets/{id}                     the dataset's counts and files
//	GET    /api/v1/datasets/{id}/cells.csv           the scored cells: the bytes of planner score -cells
//	GET    /api/v1/datasets/{id}/cells.geojson       the scored cells as GeoJSON squares (planner score -geojson)
//	GET    /api/v1/datasets/{id}/hazards.geojson     per-hazard aggregates (planner score -hazards-out)
//	GET    /api/v1/datasets/{id}/incidents.geojson   the incidents as points
//	GET    /api/v1/datasets/{id}/villages.geojson    the settlements as points
//	GET    /api/v1/datasets/{id}/map.json            what the map page needs: bounds, legend breaks, plans
//	POST   /api/v1/plans                             multipart: dataset, teams file, options -> 202 (or 201 with ?wait=1)
//	GET    /api/v1/plans?dataset={id}                the plans (of a dataset), newest first
//	GET    /api/v1/plans/{id}                        status, stage, progress, files
//	DELETE /api/v1/plans/{id}                        cancel a running plan
//	GET    /api/v1/plans/{id}/files/{name...}        a report: summary.md, schedule.csv, priorities.csv,
//	                                                 priorities.geojson, plan.kmz, risk-map.png, burndown.png, teams/...
//	GET    /tiles/{z}/{x}/{y}.mvt?dataset={id}       vector tile: layers "hazards" and "cells" (from zoom 11)
//	GET    /                                         the map page (/?dataset={id} opens that dataset)
//
// The scoring endpoints take the planner's options as query parameters:
// zone (38N, EPSG:32638), model (mixture, the default, or kde, the classic
// incident density model; bandwidth applies to kde only and is refused
// with another model), cell, bandwidth
// and village_scale in metres, lean (CSV only).
//
// # Behaviour
//
// Errors are JSON, {"error": "...", "problems": [...]}, each problem naming
// the file (as role/name: "hazards/h.geojson"), line, feature (index and
// id) and field; a dataset with any problem is not stored. A dataset with
// an area of interest (the file field area) has the hectares of that area
// scored, as the planner's -area does. Work that scores or plans takes one of
// Config.MaxJobs slots, or is refused with 429; a request body over
// Config.MaxBodyBytes is refused with 413; a synchronous request runs at
// most Config.RequestTimeout (504 after it) and is cancelled when its
// client goes away. Plans run as jobs whose status and progress are polled;
// Shutdown lets them finish until its context ends, then cancels them, and
// every status is stored. With Config.Token set, every request but GET and
// HEAD needs "Authorization: Bearer TOKEN".
package api
