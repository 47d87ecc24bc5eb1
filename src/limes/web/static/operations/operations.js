// The operations commander's page: the border's sensors, coverage and gaps on the map,
// alarms arriving live (server-sent events), an alarm's evidence, proposal and dispatch of
// a unit, the incident closed with its outcome, the coverage and planner panels.
// Everything comes from the node's JSON API; nothing is fetched from outside the node.
"use strict";

(function () {
  const config = JSON.parse(document.getElementById("ops-config").textContent);
  const s = config.strings;
  const mapEl = document.getElementById("map");
  const numbers = new Intl.NumberFormat(config.lang === "ar" ? "ar" : "en", { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(config.lang === "ar" ? "ar" : "en", { style: "percent", maximumFractionDigits: 1 });
  const $ = (id) => document.getElementById(id);
  const km = (metres) => `${numbers.format(metres / 1000)} ${s.km}`;
  const label = (prefix, value) => s[`${prefix}.${value}`] || value;

  const map = L.map(mapEl, { zoomSnap: 0.25 }).setView([34.5, 41.0], 7);
  const layers = {
    sectors: L.layerGroup().addTo(map),
    fences: L.layerGroup().addTo(map),
    towers: L.layerGroup().addTo(map),
    coverage: L.layerGroup().addTo(map),
    gaps: L.layerGroup().addTo(map),
    planned: L.layerGroup().addTo(map),
    units: L.layerGroup().addTo(map),
    alarms: L.layerGroup().addTo(map),
    partner: L.layerGroup().addTo(map),
    seizures: L.layerGroup().addTo(map),
  };
  const state = { alarms: new Map(), units: new Map(), alarmMarkers: new Map(), unitMarkers: new Map(), open: null, proposal: null, incident: null };
  window.limesOps = { map: map, state: state, ready: false };

  async function api(method, url, body) {
    const options = { method: method, credentials: "same-origin", headers: {} };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(url, options);
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error((data.error && data.error.message) || `${response.status}`);
      error.code = data.error && data.error.code;
      throw error;
    }
    return data;
  }

  function showError(err) {
    $("alarm-error").textContent = err ? String(err.message || err) : "";
  }

  // --- the map's layers ------------------------------------------------------------------

  function drawLayout(governorates, boundary, sectors, fences, towers, coverage) {
    L.geoJSON(governorates, {
      style: (f) => ({ color: "#aab4be", weight: 1, fillColor: f.properties.party === "IRQ" ? "#eef6f0" : "#f8eeed", fillOpacity: 1, className: "limes-governorate" }),
      interactive: false,
    }).addTo(map);
    const line = L.geoJSON(boundary, { style: { color: "#111", weight: 2, dashArray: "6 4", className: "limes-boundary" } }).addTo(map);
    sectors.features.forEach((f, n) => {
      L.geoJSON(f, { style: { color: n % 2 ? "#8a63d2" : "#5b8def", weight: 9, opacity: 0.25, className: "limes-sector" } })
        .bindTooltip(`${f.properties.name}`).addTo(layers.sectors);
    });
    fences.features.forEach((f) => {
      const p = f.properties;
      L.geoJSON(f, { style: { color: p.sensor_kind === "fibre_optic" ? "#0b7285" : "#9c6500", weight: 4, className: "limes-fence" } })
        .bindTooltip(`${label("kind", p.sensor_kind)} · ${p.party} · ${km(p.length_m)}`).addTo(layers.fences);
    });
    towers.features.forEach((f) => {
      const p = f.properties;
      const [lon, lat] = f.geometry.coordinates;
      L.circle([lat, lon], { radius: Math.max(p.thermal_effective_m, p.radar_effective_m), color: p.party === "IRQ" ? "#1a7f37" : "#b42318", weight: 0.5, fillOpacity: 0.05, interactive: false, className: "limes-range" }).addTo(layers.towers);
      L.circleMarker([lat, lon], { radius: 3, color: p.party === "IRQ" ? "#1a7f37" : "#b42318", fillOpacity: 1, weight: 1, className: "limes-tower" })
        .bindTooltip(`${p.id} · ${p.party} · ${s.km} ${numbers.format(p.chainage_m / 1000)}`).addTo(layers.towers);
    });
    coverage.geojson.features.forEach((f) => {
      const gap = f.properties.kind === "gap";
      L.geoJSON(f, { style: gap ? { color: "#d9480f", weight: 6, opacity: 0.9, className: "limes-gap" } : { color: "#2f9e44", weight: 3, opacity: 0.7, className: "limes-covered" } })
        .bindTooltip(`${gap ? s.gap : s["layer.coverage"]}: ${s.km} ${numbers.format(f.properties.start_m / 1000)}–${numbers.format(f.properties.end_m / 1000)} (${km(f.properties.length_m)})`)
        .addTo(gap ? layers.gaps : layers.coverage);
    });
    L.control.layers(null, {
      [s["layer.sectors"]]: layers.sectors, [s["layer.fences"]]: layers.fences, [s["layer.towers"]]: layers.towers,
      [s["layer.coverage"]]: layers.coverage, [s["layer.gaps"]]: layers.gaps, [s["layer.alarms"]]: layers.alarms,
      [s["layer.units"]]: layers.units, [s["layer.planned"]]: layers.planned,
      [s["layer.partner"]]: layers.partner, [s["layer.seizures"]]: layers.seizures,
    }).addTo(map);
    map.fitBounds(line.getBounds().pad(0.1));
  }

  function drawCoverage(coverage) {
    $("coverage-any").textContent = `${percent.format(coverage.any.share)} ${s.watched} (${km(coverage.any.covered_m)} / ${km(coverage.length_m)})`;
    const kinds = $("coverage-kinds");
    kinds.replaceChildren();
    Object.entries(coverage.by_kind).filter(([, k]) => k.covered_m > 0).sort((a, b) => b[1].share - a[1].share).forEach(([kind, k]) => {
      const li = document.createElement("li");
      li.dataset.kind = kind;
      const bar = document.createElement("span");
      bar.className = "bar";
      bar.style.inlineSize = `${Math.round(k.share * 100)}%`;
      li.append(`${label("kind", kind)}: ${percent.format(k.share)}`, bar);
      kinds.append(li);
    });
    const gaps = $("coverage-gaps");
    gaps.replaceChildren();
    coverage.largest_gaps.forEach((g) => {
      const li = document.createElement("li");
      const link = document.createElement("a");
      link.href = "#";
      link.textContent = `${s.km} ${numbers.format(g.start_m / 1000)}–${numbers.format(g.end_m / 1000)} · ${km(g.length_m)}`;
      link.addEventListener("click", (event) => {
        event.preventDefault();
        layers.gaps.eachLayer((layer) => {
          const p = layer.getLayers ? layer.getLayers()[0].feature.properties : null;
          if (p && p.start_m === g.start_m) map.fitBounds(layer.getBounds().pad(0.3));
        });
      });
      li.append(link);
      gaps.append(li);
    });
  }

  // --- alarms ------------------------------------------------------------------------------

  function alarmColour(a) {
    if (a.status === "closed") return "#868e96";
    if (a.kind === "fault") return "#e67700";
    if (a.kind === "nuisance") return "#fab005";
    return "#c92a2a";
  }

  function upsertAlarm(a) {
    state.alarms.set(a.id, a);
    let marker = state.alarmMarkers.get(a.id);
    if (!marker) {
      marker = L.circleMarker([a.lat, a.lon], { radius: 9, weight: 2, fillOpacity: 0.8, className: `limes-alarm limes-alarm-${a.kind}` });
      marker.on("click", () => openAlarm(a.id));
      marker.addTo(layers.alarms);
      state.alarmMarkers.set(a.id, marker);
    }
    marker.setLatLng([a.lat, a.lon]);
    marker.setStyle({ color: alarmColour(a), fillColor: alarmColour(a) });
    marker.bindTooltip(`${label("alarm_kind", a.kind)} · ${percent.format(a.confidence)} · ${label("status", a.status)}`);
    renderAlarmList();
  }

  function renderAlarmList() {
    const list = $("alarm-list");
    list.replaceChildren();
    const shown = [...state.alarms.values()].filter((a) => a.status !== "closed" || (state.open && a.id === state.open.id));
    shown.sort((a, b) => (a.time < b.time ? 1 : -1));
    shown.forEach((a) => {
      const li = document.createElement("li");
      li.className = `alarm-item alarm-${a.kind} status-${a.status}`;
      li.dataset.id = a.id;
      li.tabIndex = 0;
      const title = document.createElement("strong");
      title.textContent = `${label("alarm_kind", a.kind)} · ${percent.format(a.confidence)}`;
      const meta = document.createElement("div");
      meta.className = "meta";
      meta.textContent = `${a.sector_id} · ${s.km} ${numbers.format(a.chainage_m / 1000)} · ${new Date(a.time).toLocaleTimeString(config.lang)} · ${label("status", a.status)}`;
      li.append(title, meta);
      li.addEventListener("click", () => openAlarm(a.id));
      li.addEventListener("keydown", (e) => { if (e.key === "Enter") openAlarm(a.id); });
      list.append(li);
    });
    $("alarm-empty").hidden = shown.length > 0;
  }

  async function openAlarm(id) {
    showError(null);
    const detail = await api("GET", `/api/v1/surveillance/alarms/${encodeURIComponent(id)}`);
    state.open = detail;
    state.proposal = null;
    upsertAlarm(detail);
    const panel = $("alarm-panel");
    panel.hidden = false;
    panel.dataset.alarm = id;
    $("alarm-title").textContent = `${label("alarm_kind", detail.kind)} · ${detail.sector_id}`;
    $("alarm-confidence").textContent = percent.format(detail.confidence);
    $("alarm-status").textContent = label("status", detail.status);
    $("alarm-heading").textContent = detail.heading_into ? (s[`party.${detail.heading_into}`] || detail.heading_into) : s.unknown;
    $("alarm-where").textContent = `${s.km} ${numbers.format(detail.chainage_m / 1000)}, ${numbers.format(detail.offset_m)} m`;
    $("alarm-reason").textContent = detail.reason;
    const rows = $("detection-rows");
    rows.replaceChildren();
    detail.detections.forEach((d) => {
      const tr = document.createElement("tr");
      tr.className = "detection";
      [new Date(d.time).toLocaleTimeString(config.lang), d.sensor_id, d.signal_kind, percent.format(d.strength)].forEach((text) => {
        const td = document.createElement("td");
        td.textContent = text;
        tr.append(td);
      });
      rows.append(tr);
    });
    const incident = detail.incidents.filter((i) => i.status !== "resolved").pop() || detail.incidents[detail.incidents.length - 1] || null;
    state.incident = incident;
    $("proposal").hidden = true;
    $("acknowledge").hidden = detail.status !== "open";
    $("propose").disabled = detail.status === "closed" || Boolean(incident && incident.status !== "resolved");
    renderIncident();
    map.panTo([detail.lat, detail.lon]);
  }

  function renderIncident() {
    const incident = state.incident;
    $("incident").hidden = !incident;
    if (!incident) return;
    $("incident").dataset.status = incident.status;
    $("incident-status").textContent = label("incident_status", incident.status);
    const unit = state.units.get(incident.unit_id);
    $("incident-unit").textContent = unit ? unit.callsign : incident.unit_id;
    $("on-scene").hidden = !config.can_command || incident.status !== "dispatched";
    $("resolve-form").hidden = !config.can_command || incident.status === "resolved";
    const o = incident.outcome;
    $("incident-outcome").textContent = o
      ? [label("outcome", o.kind), ...o.seizures.map((z) => `${label("substance", z.substance)} ${numbers.format(z.quantity)} ${label("unit", z.unit)}`),
        o.arrests ? `${s.arrests}: ${o.arrests}` : "", o.weapons ? `${s.weapons}: ${o.weapons}` : ""].filter(Boolean).join(" · ")
      : "";
  }

  // --- commands ----------------------------------------------------------------------------

  async function propose() {
    showError(null);
    const joint = $("joint").checked ? "?joint=true" : "";
    try {
      const result = await api("GET", `/api/v1/operations/alarms/${encodeURIComponent(state.open.id)}/proposals${joint}`);
      state.proposal = result.proposed;
      const u = result.proposed.unit;
      $("proposal-unit").textContent = `${u.callsign} (${u.party}, ${u.kind.replace(/_/g, " ")})`;
      $("proposal-eta").textContent = `${s.eta} ${numbers.format(result.proposed.eta_s / 60)} ${s.minutes} · ${km(result.proposed.travel_m)}`;
      $("proposal").hidden = false;
    } catch (err) {
      showError(err.code === "no_unit_available" ? s.no_unit : err);
    }
  }

  async function command(action) {
    showError(null);
    try {
      await action();
      await openAlarm(state.open.id);
      await loadUnits();
    } catch (err) {
      showError(err);
    }
  }

  function outcomeBody() {
    const kind = $("outcome-kind").value;
    const outcome = { kind: kind, arrests: Number($("arrests").value || 0), weapons: Number($("weapons").value || 0), note: $("note").value, seizures: [] };
    const quantity = Number($("quantity").value || 0);
    if (quantity > 0 && kind !== "false_alarm" && kind !== "nuisance") {
      outcome.seizures.push({ substance: $("substance").value, quantity: quantity, unit: $("quantity-unit").value });
    }
    return { outcome: outcome };
  }

  function wireCommands() {
    $("command-controls").hidden = !config.can_command;
    $("acknowledge").addEventListener("click", () => command(() => api("POST", `/api/v1/surveillance/alarms/${encodeURIComponent(state.open.id)}/acknowledge`)));
    $("propose").addEventListener("click", propose);
    $("dispatch").addEventListener("click", () => command(() => api("POST", `/api/v1/operations/alarms/${encodeURIComponent(state.open.id)}/dispatch`, { unit_id: state.proposal.unit.id })));
    $("on-scene").addEventListener("click", () => command(() => api("POST", `/api/v1/operations/incidents/${encodeURIComponent(state.incident.id)}/on-scene`)));
    $("resolve-form").addEventListener("submit", (event) => {
      event.preventDefault();
      command(() => api("POST", `/api/v1/operations/incidents/${encodeURIComponent(state.incident.id)}/resolve`, outcomeBody()));
    });
    $("outcome-kind").addEventListener("change", () => {
      $("seizure-fields").hidden = ["false_alarm", "nuisance"].includes($("outcome-kind").value);
    });
    $("planner-panel").hidden = !config.can_plan;
    $("planner-form").addEventListener("submit", (event) => {
      event.preventDefault();
      plan();
    });
  }

  // --- units, impact, planner --------------------------------------------------------------

  function upsertUnit(u) {
    state.units.set(u.id, u);
    let marker = state.unitMarkers.get(u.id);
    if (!marker) {
      marker = L.circleMarker([u.lat, u.lon], { radius: 7, weight: 2, color: "#1c3f95", fillColor: "#4dabf7", fillOpacity: 0.9, className: "limes-unit" }).addTo(layers.units);
      state.unitMarkers.set(u.id, marker);
    }
    marker.setLatLng([u.lat, u.lon]);
    marker.bindTooltip(`${u.callsign} · ${label("unit_status", u.status)}`);
    const list = $("unit-list");
    let li = list.querySelector(`li[data-id="${CSS.escape(u.id)}"]`);
    if (!li) {
      li = document.createElement("li");
      li.dataset.id = u.id;
      list.append(li);
    }
    li.dataset.status = u.status;
    li.textContent = `${u.callsign} · ${u.party} · ${label("unit_status", u.status)} · ${s.km} ${numbers.format(u.chainage_m / 1000)}`;
  }

  async function loadUnits() {
    if (!config.can_watch) return;
    (await api("GET", "/api/v1/operations/units")).forEach(upsertUnit);
    if (state.incident) renderIncident();
  }

  async function loadImpact() {
    if (!(config.can_command || config.can_plan)) { $("impact-panel").hidden = true; return; }
    const list = $("impact-list");
    list.replaceChildren();
    (await api("GET", "/api/v1/operations/sectors/impact")).forEach((row) => {
      const li = document.createElement("li");
      li.className = `level-${row.level}`;
      li.textContent = `${row.sector_id}: ${label("level", row.level)} (${row.incidents})`;
      list.append(li);
    });
  }

  async function plan() {
    const towers = Number($("planner-towers").value || 10);
    $("planner-note").textContent = s.planning;
    $("plan").disabled = true;
    try {
      const result = await api("GET", `/api/v1/surveillance/planner?towers=${towers}`);
      layers.planned.clearLayers();
      for (const [method, colour] of [["greedy", "#f08c00"], ["exact", "#7048e8"]]) {
        const p = result[method];
        $(`plan-${method}-km`).textContent = km(p.new_covered_m);
        $(`plan-${method}-share`).textContent = percent.format(result[`covered_share_${method}`]);
        $(`plan-${method}-sites`).textContent = p.sites.map((site) => numbers.format(site.chainage_m / 1000)).join(", ");
        p.sites.forEach((site) => {
          L.circleMarker([site.lat, site.lon], { radius: method === "exact" ? 8 : 5, color: colour, weight: 2, fillOpacity: 0.2, className: `limes-planned limes-planned-${method}` })
            .bindTooltip(`${s[method]} · ${s.km} ${numbers.format(site.chainage_m / 1000)}`).addTo(layers.planned);
        });
      }
      $("planner-result").hidden = false;
      $("planner-note").textContent = result.exact.proven_optimal
        ? s.proven_optimal.replace("{ratio}", percent.format(result.greedy_ratio))
        : s.not_proven;
    } catch (err) {
      $("planner-note").textContent = String(err.message || err);
    } finally {
      $("plan").disabled = false;
    }
  }

  // --- live ----------------------------------------------------------------------------------

  function follow() {
    if (!config.can_watch) {
      $("live-section").hidden = true;
      $("units-panel").hidden = true;
      return;
    }
    const source = new EventSource("/api/v1/live/stream");
    const status = $("live-status");
    let subscribed = 0;
    source.addEventListener("hello", () => {
      status.dataset.live = "open";
      status.textContent = s.live_open;
      // Nothing is replayed after a reconnection: reload what may have changed meanwhile.
      subscribed += 1;
      if (subscribed > 1 && window.limesOps.ready) {
        api("GET", "/api/v1/surveillance/alarms?limit=300").then((alarms) => alarms.forEach(upsertAlarm)).catch(() => {});
        loadUnits().catch(() => {});
      }
    });
    source.addEventListener("error", () => { status.dataset.live = "lost"; status.textContent = s.live_lost; });
    source.addEventListener("alarm", (event) => {
      const a = JSON.parse(event.data).alarm;
      upsertAlarm(a);
      if (state.open && state.open.id === a.id) openAlarm(a.id);
    });
    source.addEventListener("unit", (event) => upsertUnit(JSON.parse(event.data).unit));
    source.addEventListener("incident", (event) => {
      const incident = JSON.parse(event.data).incident;
      if (state.open && state.open.id === incident.alarm_id) {
        state.incident = incident;
        renderIncident();
      }
      if (incident.status === "resolved") loadImpact().catch(() => {});
    });
    window.limesOps.source = source;
  }

  // The partners' alarms and incidents, as they shared them: a hollow square each, marked
  // with who sent it and whose it is (its originator).
  async function loadPartnerAlarms() {
    try {
      const shared = await api("GET", "/api/v1/exchange/partner-alarms?limit=300");
      layers.partner.clearLayers();
      shared.features.forEach((f) => {
        const p = f.properties;
        const [lon, lat] = f.geometry.coordinates;
        const kind = p.kind === "operations.incident" ? s["partner.incident"] : s["partner.alarm"];
        L.marker([lat, lon], {
          icon: L.divIcon({ className: `limes-partner-item origin-${p.origin}`, html: "◇", iconSize: [18, 18] }),
          keyboard: false,
        })
          .bindTooltip(`${kind} · ${s["partner.from"]} ${p.origin} · ${s["partner.originator"]} ${p.originator} · ${p.sector_id || ""} · ${p.time || p.received_at}`)
          .addTo(layers.partner);
      });
    } catch (err) {
      // A role that does not read the category gets none; the map goes on without them.
    }
  }

  // Seizures of the cargo context, one marker per crossing sized by how many, its tooltip
  // the latest five (substance, quantity, concealment, when).
  function textLines(lines) {
    const box = document.createElement("div");
    lines.forEach((line, n) => {
      if (n) box.append(document.createElement("br"));
      box.append(document.createTextNode(line));
    });
    return box;
  }

  async function loadSeizures() {
    try {
      const shown = await api("GET", "/api/v1/cargo/seizures/map?limit=500");
      layers.seizures.clearLayers();
      const byCrossing = new Map();
      shown.features.forEach((f) => {
        const key = f.properties.crossing_key;
        if (!byCrossing.has(key)) byCrossing.set(key, []);
        byCrossing.get(key).push(f);
      });
      byCrossing.forEach((found, key) => {
        const p = found[0].properties;
        const [lon, lat] = found[0].geometry.coordinates;
        const name = config.lang === "ar" ? p.crossing_ar : p.crossing_en;
        const lines = found.slice(0, 5).map((f) => {
          const q = f.properties;
          return `${label("cargo.substance", q.substance)} ${numbers.format(q.quantity)} ${label("cargo.unit", q.unit)} · ${label("cargo.concealment", q.concealment)} · ${q.at.slice(0, 16).replace("T", " ")}`;
        });
        const title = s["seizure.title"].replace("{crossing}", name) + (p.approximate ? ` (${s["seizure.approximate"]})` : "");
        const marker = L.marker([lat, lon], {
          icon: L.divIcon({ className: "limes-seizure", html: `<span>${numbers.format(found.length)}</span>`, iconSize: [24, 24] }),
          keyboard: false,
        })
          .bindTooltip(textLines([title, ...lines]))
          .addTo(layers.seizures);
        marker.getElement().dataset.crossing = key;
      });
    } catch (err) {
      // A role that does not read cargo gets no seizures; the map goes on without them.
    }
  }

  wireCommands();
  follow();
  Promise.all([
    api("GET", "/api/v1/geo/governorates"),
    api("GET", "/api/v1/geo/boundary"),
    api("GET", "/api/v1/surveillance/sectors"),
    api("GET", "/api/v1/surveillance/fence-zones"),
    api("GET", "/api/v1/surveillance/towers"),
    api("GET", "/api/v1/surveillance/coverage"),
  ]).then(async ([governorates, boundary, sectors, fences, towers, coverage]) => {
    drawLayout(governorates, boundary, sectors, fences, towers, coverage);
    drawCoverage(coverage);
    if (config.can_watch) {
      (await api("GET", "/api/v1/surveillance/alarms?limit=300")).forEach(upsertAlarm);
      await loadUnits();
    }
    await loadImpact();
    await loadPartnerAlarms();
    await loadSeizures();
    setInterval(loadPartnerAlarms, 15000);
    setInterval(loadSeizures, 30000);
    renderAlarmList();
    window.limesOps.ready = true;
    mapEl.dataset.ready = "true";
  }).catch((err) => {
    $("coverage-any").textContent = String(err.message || err);
    mapEl.dataset.ready = "error";
  });
})();
