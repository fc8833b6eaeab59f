// The map page of the clearance server: one dataset's hazards coloured by
// risk per hectare (vector tiles /tiles/{z}/{x}/{y}.mvt), its incidents and
// settlements, and a plan's work units with their reasons and a slider over
// their release dates. /?dataset=ID opens a dataset, &plan=ID a plan.
"use strict";

const params = new URLSearchParams(location.search);
const statusEl = document.getElementById("status");
// window.clearance is what the browser test reads: the map, and ready once
// every layer is drawn.
window.clearance = { ready: false, error: null, map: null };

function setStatus(text) { statusEl.textContent = text; }

function fail(err) {
  window.clearance.error = String(err);
  setStatus("error: " + err);
}

async function getJSON(url) {
  const r = await fetch(url);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

function esc(s) {
  return String(s).replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function fmt(x) {
  if (typeof x !== "number") return esc(x);
  return x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toPrecision(2);
}

async function listDatasets() {
  const ds = await getJSON("/api/v1/datasets");
  const el = document.getElementById("datasets");
  if (ds.length === 0) {
    setStatus("no dataset yet: POST /api/v1/datasets with the files hazards, incidents and villages");
    return;
  }
  setStatus("choose a dataset:");
  for (const d of ds) {
    const a = document.createElement("a");
    a.href = "/?dataset=" + encodeURIComponent(d.id);
    a.textContent = `${d.id}: ${d.hazards} hazards, ${d.incidents} incidents, ${d.villages} settlements`;
    el.appendChild(a);
  }
}

function legend(info) {
  const rows = document.getElementById("legend-rows");
  const b = info.breaks;
  info.colors.forEach((c, k) => {
    const lo = k === 0 ? 0 : b[k - 1];
    const label = k === b.length ? `above ${fmt(lo)}` : `${fmt(lo)} to ${fmt(b[k])}`;
    const row = document.createElement("div");
    row.className = "row";
    row.innerHTML = `<span class="swatch" style="background:${c}"></span>${label}`;
    rows.appendChild(row);
  });
  document.getElementById("legend").hidden = false;
}

function classColor(info) {
  const e = ["match", ["get", "class"]];
  info.colors.forEach((c, k) => e.push(k, c));
  e.push("#cccccc");
  return e;
}

async function openDataset(id) {
  const info = await getJSON(`/api/v1/datasets/${encodeURIComponent(id)}/map.json`);
  legend(info);
  const [w, s, e, n] = info.bounds;
  const map = new maplibregl.Map({
    container: "map",
    style: {
      version: 8,
      sources: {},
      layers: [{ id: "background", type: "background", paint: { "background-color": "#eef0ea" } }],
    },
    bounds: [[w, s], [e, n]],
    fitBoundsOptions: { padding: 30 },
    attributionControl: false,
    preserveDrawingBuffer: true, // so a screenshot reads the canvas
  });
  window.clearance.map = map;
  map.addControl(new maplibregl.NavigationControl(), "top-left");
  map.addControl(new maplibregl.ScaleControl(), "bottom-left");
  await new Promise(resolve => map.on("load", resolve));

  map.addSource("risk", { type: "vector", tiles: [location.origin + info.tiles], minzoom: 0, maxzoom: 16 });
  const color = classColor(info);
  map.addLayer({ id: "cells", type: "fill", source: "risk", "source-layer": "cells", minzoom: info.cell_minzoom,
    paint: { "fill-color": color, "fill-opacity": 0.55 } });
  map.addLayer({ id: "hazards", type: "fill", source: "risk", "source-layer": "hazards",
    paint: { "fill-color": color, "fill-opacity": ["interpolate", ["linear"], ["zoom"], 10, 0.85, 14, 0.35] } });
  map.addLayer({ id: "hazards-outline", type: "line", source: "risk", "source-layer": "hazards",
    paint: { "line-color": "#6b3d00", "line-width": 0.8 } });

  map.addSource("incidents", { type: "geojson", data: `/api/v1/datasets/${id}/incidents.geojson` });
  map.addLayer({ id: "incidents", type: "circle", source: "incidents",
    paint: { "circle-radius": 3.5, "circle-color": "#111111", "circle-stroke-color": "#ffffff", "circle-stroke-width": 1 } });
  map.addSource("villages", { type: "geojson", data: `/api/v1/datasets/${id}/villages.geojson` });
  map.addLayer({ id: "villages", type: "circle", source: "villages",
    paint: { "circle-radius": 6, "circle-color": "#2b6cb0", "circle-stroke-color": "#ffffff", "circle-stroke-width": 1.5 } });

  popups(map);
  let planID = params.get("plan");
  if (!planID) {
    const done = (info.plans || []).find(p => p.status === "done");
    if (done) planID = done.id;
  }
  if (planID) await openPlan(map, planID);
  setStatus(`dataset ${id}: ${info.hazards} hazards, ${info.cells} scored cells, ${info.projection}`);
  map.once("idle", () => { window.clearance.ready = true; });
  map.triggerRepaint();
}

async function openPlan(map, planID) {
  const plan = await getJSON(`/api/v1/plans/${encodeURIComponent(planID)}`);
  if (plan.status !== "done") {
    document.getElementById("timeline").hidden = false;
    document.getElementById("plan-id").textContent = `${planID} (${plan.status})`;
    return;
  }
  const prios = await getJSON(`/api/v1/plans/${planID}/files/priorities.geojson`);
  map.addSource("priorities", { type: "geojson", data: prios });
  map.addLayer({ id: "priorities-released", type: "fill", source: "priorities", filter: ["<=", ["get", "release"], ""],
    paint: { "fill-color": "#7fbf7b", "fill-opacity": 0.7 } });
  map.addLayer({ id: "priorities", type: "fill", source: "priorities", paint: { "fill-color": "#5e2b97", "fill-opacity": 0.01 } });
  map.addLayer({ id: "priorities-outline", type: "line", source: "priorities",
    paint: { "line-color": "#5e2b97", "line-width": ["interpolate", ["linear"], ["zoom"], 10, 0.4, 14, 1.5] } });

  const dates = [...new Set(prios.features.map(f => f.properties.release).filter(Boolean))].sort();
  const slider = document.getElementById("slider");
  const label = document.getElementById("slider-label");
  slider.max = String(dates.length);
  slider.value = "0";
  const update = () => {
    const k = Number(slider.value);
    const until = k === 0 ? "" : dates[k - 1];
    map.setFilter("priorities-released", ["all", ["!=", ["get", "release"], ""], ["<=", ["get", "release"], until]]);
    const n = until === "" ? 0 : prios.features.filter(f => f.properties.release && f.properties.release <= until).length;
    label.textContent = until === ""
      ? `before the plan starts: 0 of ${prios.features.length} units released`
      : `${until}: ${n} of ${prios.features.length} units released`;
  };
  slider.addEventListener("input", update);
  update();
  document.getElementById("plan-id").textContent = planID;
  const links = document.getElementById("plan-links");
  for (const f of plan.files) {
    if (f.role || f.name.startsWith("teams/")) continue;
    const a = document.createElement("a");
    a.href = `/api/v1/plans/${planID}/files/${f.name}`;
    a.textContent = f.name;
    links.appendChild(a);
    links.appendChild(document.createTextNode(" "));
  }
  document.getElementById("timeline").hidden = false;
}

function popups(map) {
  const html = {
    priorities: p => {
      const reasons = String(p.reasons || "").split(" | ").filter(Boolean);
      return `<b>rank ${esc(p.rank)}: ${esc(p.id)}</b><br>${esc(p.kind)} ${esc(p.extent)}, ${fmt(p.area_ha)} ha, risk ${fmt(p.risk)}` +
        `<br>released by ${esc(p.release || "not in the plan")}` +
        (p.criteria ? `<br>criteria: ${esc(p.criteria)}` : "") +
        `<div class="reasons-title">Reasons:</div><ul class="reasons">${reasons.map(r => `<li>${esc(r)}</li>`).join("")}</ul>`;
    },
    hazards: p => `<b>${esc(p.id)}</b><br>${esc(p.kind)}, ${esc(p.status)}, ${fmt(p.area_ha)} ha` +
      `<br>risk per ha ${fmt(p.risk_ha)} (peak cell ${fmt(p.peak_risk)})`,
    cells: p => `<b>cell ${esc(p.i)}, ${esc(p.j)}</b><br>risk ${fmt(p.risk)}, ${fmt(p.risk_ha)} per ha`,
    incidents: p => `<b>incident ${esc(p.id)}</b><br>${esc(p.date || "date unknown")}, ${esc(p.device)}` +
      `<br>killed ${esc(p.killed)}, injured ${esc(p.injured)}` + (p.casualties ? `, casualties ${esc(p.casualties)}` : ""),
    villages: p => `<b>${esc(p.name)}</b><br>population ${p.population >= 0 ? esc(p.population) : "unknown"}` +
      (p.planned_return ? `<br>planned return ${esc(p.planned_return)}` : ""),
  };
  const order = ["villages", "incidents", "priorities", "cells", "hazards"];
  map.on("click", e => {
    const layers = order.filter(l => map.getLayer(l));
    const fs = map.queryRenderedFeatures(e.point, { layers });
    if (fs.length === 0) return;
    fs.sort((a, b) => order.indexOf(a.layer.id) - order.indexOf(b.layer.id));
    const f = fs[0];
    new maplibregl.Popup({ maxWidth: "340px" }).setLngLat(e.lngLat).setHTML(html[f.layer.id](f.properties)).addTo(map);
  });
  for (const l of order) {
    map.on("mouseenter", l, () => { map.getCanvas().style.cursor = "pointer"; });
    map.on("mouseleave", l, () => { map.getCanvas().style.cursor = ""; });
  }
}

const id = params.get("dataset");
(id ? openDataset(id) : listDatasets()).catch(fail);
