// The dashboard's map: Leaflet (served by the node, no tile server), drawing the boundary,
// governorates, crossing points and camps from the node's GeoJSON API.
"use strict";

(function () {
  const strings = JSON.parse(document.getElementById("strings").textContent);
  const mapEl = document.getElementById("map");
  const lang = mapEl.dataset.lang;
  const map = L.map(mapEl, { zoomSnap: 0.25, preferCanvas: false }).setView([35.0, 41.0], 6);
  const drawn = { boundary: 0, governorates: 0, crossing_point: 0, camp: 0, town: 0 };
  window.limesMap = { map: map, drawn: drawn, ready: false };

  const primary = (p) => (lang === "ar" ? p.name_ar : p.name_en);
  const secondary = (p) => (lang === "ar" ? p.name_en : p.name_ar);
  const fmt = new Intl.NumberFormat(lang === "ar" ? "ar" : "en");

  function popup(p) {
    const div = document.createElement("div");
    const title = document.createElement("strong");
    title.textContent = primary(p);
    const other = document.createElement("div");
    other.textContent = secondary(p);
    div.append(title, other);
    if (p.kind === "camp") {
      const pop = document.createElement("div");
      pop.textContent = p.population != null
        ? `${strings.population}: ${fmt.format(p.population)} (${p.population_source})`
        : strings.no_figure;
      div.append(pop);
    }
    const src = document.createElement("div");
    src.className = "meta";
    src.textContent = `${strings.source}: ${p.source}` + (p.approximate ? ` — ${strings.approximate}` : "");
    div.append(src);
    return div;
  }

  function listItem(p) {
    const li = document.createElement("li");
    li.dataset.key = p.key;
    const en = document.createElement("span");
    en.textContent = p.name_en;
    const ar = document.createElement("span");
    ar.className = "ar";
    ar.lang = "ar";
    ar.dir = "rtl";
    ar.textContent = p.name_ar;
    li.append(en, ar);
    if (p.kind === "camp") {
      const meta = document.createElement("div");
      meta.className = "meta";
      meta.textContent = p.population != null ? `${strings.population}: ${fmt.format(p.population)}` : strings.no_figure;
      li.append(meta);
    }
    return li;
  }

  async function getJson(url) {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json();
  }

  const style = {
    crossing_point: { radius: 8, color: "#0b5cad", fillColor: "#3b8ee5", fillOpacity: 0.9, weight: 2 },
    camp: { radius: 7, color: "#7a3e00", fillColor: "#f59e0b", fillOpacity: 0.9, weight: 2 },
    town: { radius: 3, color: "#44505c", fillColor: "#44505c", fillOpacity: 0.8, weight: 1 },
  };

  Promise.all([
    getJson("/api/v1/geo/governorates"),
    getJson("/api/v1/geo/boundary"),
    getJson("/api/v1/geo/places"),
  ]).then(([governorates, boundary, places]) => {
    const govLayer = L.geoJSON(governorates, {
      style: (f) => ({ color: "#8796a5", weight: 1, fillColor: f.properties.party === "IRQ" ? "#e3f1e6" : "#f6e3e1", fillOpacity: 0.8, className: "limes-governorate" }),
      onEachFeature: (f, layer) => { drawn.governorates += 1; layer.bindTooltip(lang === "ar" ? f.properties.name_ar : f.properties.name_en); },
    }).addTo(map);
    const boundaryLayer = L.geoJSON(boundary, { style: { color: "#111", weight: 3, dashArray: "8 4", className: "limes-boundary" } }).addTo(map);
    drawn.boundary = 1;
    const groups = { crossing_point: L.layerGroup(), camp: L.layerGroup(), town: L.layerGroup() };
    for (const f of places.features) {
      const p = f.properties;
      const [lon, lat] = f.geometry.coordinates;
      const marker = L.circleMarker([lat, lon], Object.assign({ className: `limes-${p.kind.replace("_", "-")}` }, style[p.kind]));
      marker.bindPopup(() => popup(p));
      if (p.kind !== "town") marker.bindTooltip(primary(p), { permanent: true, direction: "right", className: "place-label" });
      marker.addTo(groups[p.kind]);
      drawn[p.kind] += 1;
      if (p.kind === "crossing_point") document.getElementById("crossing-list").append(listItem(p));
      if (p.kind === "camp") document.getElementById("camp-list").append(listItem(p));
    }
    Object.values(groups).forEach((g) => g.addTo(map));
    L.control.layers(null, {
      [strings.governorates]: govLayer,
      [strings.boundary]: boundaryLayer,
      [strings.crossings]: groups.crossing_point,
      [strings.camps]: groups.camp,
      [strings.towns]: groups.town,
    }).addTo(map);
    map.fitBounds(boundaryLayer.getBounds().pad(0.35));
    const props = boundary.properties;
    const km = (props.length_m / 1000).toFixed(1);
    document.getElementById("boundary-summary").textContent =
      `${strings.length}: ${fmt.format(Number(km))} km · ${props.source || ""}`;
    window.limesMap.ready = true;
    mapEl.dataset.ready = "true";
  }).catch((err) => {
    document.getElementById("boundary-summary").textContent = String(err);
    mapEl.dataset.ready = "error";
  });
})();
