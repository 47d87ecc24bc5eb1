// The what-if form: POST /api/v1/crossings/whatif with the cookie token, then the recorded
// figures, the baseline simulation and the rearranged one side by side, per crossing.
(function () {
  "use strict";
  const form = document.getElementById("whatif-form");
  const out = document.getElementById("whatif-result");
  if (!form || !out) return;
  const s = JSON.parse(document.getElementById("crossing-strings").textContent);
  const minutes = (v) => (v === null || v === undefined ? "—" : (v / 60).toFixed(1) + " min");

  function body() {
    const request = { source: form.elements.source.value, extra_lanes: {}, hours: {}, closed: [] };
    form.querySelectorAll("fieldset[data-crossing]").forEach((set) => {
      const key = set.dataset.crossing;
      const entry = parseInt(set.querySelector("[name=entry]").value || "0", 10);
      const exit = parseInt(set.querySelector("[name=exit]").value || "0", 10);
      if (entry || exit) request.extra_lanes[key] = [entry, exit];
      const opens = set.querySelector("[name=opens]").value.trim();
      const closes = set.querySelector("[name=closes]").value.trim();
      if (opens && closes) request.hours[key] = { opens: opens, closes: closes };
      if (set.querySelector("[name=closed]").checked) request.closed.push(key);
    });
    return request;
  }

  function cell(label, value) {
    const row = document.createElement("tr");
    const th = document.createElement("th");
    th.textContent = label;
    const td = document.createElement("td");
    td.textContent = value;
    row.append(th, td);
    return row;
  }

  function card(title, rows) {
    const box = document.createElement("div");
    box.className = "card";
    const h = document.createElement("h3");
    h.textContent = title;
    const table = document.createElement("table");
    rows.forEach(([label, value]) => table.append(cell(label, value)));
    box.append(h, table);
    return box;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    out.textContent = "…";
    const response = await fetch("/api/v1/crossings/whatif", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body()),
    });
    const data = await response.json();
    out.textContent = "";
    if (!response.ok) {
      out.textContent = s.error + ": " + data.error.message;
      return;
    }
    data.baseline.forEach((base, i) => {
      const changed = data.scenario[i];
      const recorded = data.recorded.find((r) => r.crossing === base.crossing_key);
      const column = document.createElement("section");
      column.className = "whatif-crossing";
      column.dataset.crossing = base.crossing_key;
      const h = document.createElement("h3");
      h.textContent = base.crossing_key;
      column.append(h);
      if (recorded) {
        column.append(card(s.recorded, [[s.inspections, recorded.inspections],
          [s.wait_p50, minutes(recorded.wait_p50_s)], [s.wait_p90, minutes(recorded.wait_p90_s)]]));
      }
      [[s.baseline, base], [s.scenario, changed]].forEach(([title, f]) => {
        column.append(card(title, [[s.arrivals, f.arrivals], [s.served, f.served],
          [s.unserved, f.unserved], [s.wait_p50, minutes(f.wait_p50_s)],
          [s.wait_p90, minutes(f.wait_p90_s)], [s.max_queue, f.max_queue]]));
      });
      out.append(column);
    });
    out.dataset.ready = "true";
  });
})();
