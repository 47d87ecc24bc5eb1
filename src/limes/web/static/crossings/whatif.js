// The what-if form: POST /api/v1/crossings/whatif with the cookie token starts a job; poll
// GET /api/v1/jobs/{id} (its progress under the form, a button to stop it with DELETE) and,
// once it has succeeded, show the recorded figures, the baseline simulation and the
// rearranged one side by side, per crossing, and under them the trucks through the cargo
// lanes (booth, documentary check, examination bays) in both scenarios.
(function () {
  "use strict";
  const form = document.getElementById("whatif-form");
  const out = document.getElementById("whatif-result");
  if (!form || !out) return;
  const s = JSON.parse(document.getElementById("crossing-strings").textContent);
  const jobBox = document.getElementById("whatif-job");
  const bar = document.getElementById("whatif-progress");
  const status = document.getElementById("whatif-status");
  const stop = document.getElementById("whatif-stop");
  const percent = new Intl.NumberFormat(document.documentElement.lang || "en", { style: "percent" });
  const POLL_MS = 500;
  let running = null;
  const minutes = (v) => (v === null || v === undefined ? "—" : (v / 60).toFixed(1) + " min");
  const hours = (v) => (v === null || v === undefined ? "—" : (v / 3600).toFixed(1) + " " + s.hours);

  function body() {
    const request = { source: form.elements.source.value, extra_lanes: {}, hours: {}, closed: [],
      extra_bays: {}, simulated_daily_trucks: parseInt(form.elements.daily_trucks.value || "100", 10) };
    const red = form.elements.red_share.value.trim();
    if (red) request.red_share = parseFloat(red) / 100;
    form.querySelectorAll("fieldset[data-crossing]").forEach((set) => {
      const key = set.dataset.crossing;
      const entry = parseInt(set.querySelector("[name=entry]").value || "0", 10);
      const exit = parseInt(set.querySelector("[name=exit]").value || "0", 10);
      if (entry || exit) request.extra_lanes[key] = [entry, exit];
      const opens = set.querySelector("[name=opens]").value.trim();
      const closes = set.querySelector("[name=closes]").value.trim();
      if (opens && closes) request.hours[key] = { opens: opens, closes: closes };
      if (set.querySelector("[name=closed]").checked) request.closed.push(key);
      const bays = parseInt(set.querySelector("[name=bays]").value || "0", 10);
      if (bays) request.extra_bays[key] = bays;
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

  function showProgress(job) {
    bar.value = job.progress;
    status.textContent = s.running.replace("{percent}", percent.format(job.progress));
  }

  async function poll(href) {
    for (;;) {
      const response = await fetch(href);
      const job = await response.json();
      if (!response.ok) throw new Error(job.error.message);
      if (job.status !== "running") return job;
      showProgress(job);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  function render(data) {
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
      const trucks = data.trucks;
      [[s.trucks_baseline, trucks.baseline[i], trucks.baseline_shares, trucks.baseline_bays],
        [s.trucks_scenario, trucks.scenario[i], trucks.scenario_shares, trucks.scenario_bays]]
        .forEach(([title, f, shares, bays]) => {
          const box = card(title, [[s.trucks, f.trucks],
            [s.red, f.red + " (" + percent.format(shares.red) + ")"],
            [s.bays, bays[base.crossing_key]], [s.examined, f.examined],
            [s.unexamined, f.unexamined], [s.exam_wait_p50, hours(f.examination_wait_p50_s)],
            [s.exam_wait_p90, hours(f.examination_wait_p90_s)],
            [s.booth_wait_p90, minutes(f.booth_wait_p90_s)],
            [s.queue_hours, f.queue_hours.toFixed(1) + " " + s.hours]]);
          box.classList.add("whatif-trucks");
          column.append(box);
        });
      out.append(column);
    });
    const m = data.trucks.assumed_minutes;
    const note = document.createElement("p");
    note.className = "whatif-assumed";
    note.textContent = s.assumed.replace("{booth}", m.booth_min).replace("{documentary}", m.documentary_min)
      .replace("{examination}", m.examination_min)
      .replace("{source}", data.trucks.source === "recorded" ? s.recorded : s.simulated);
    out.append(note);
    out.dataset.ready = "true";
  }

  stop.addEventListener("click", () => {
    if (running) fetch(running, { method: "DELETE" });
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    out.textContent = "…";
    delete out.dataset.ready;
    const response = await fetch("/api/v1/crossings/whatif", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body()),
    });
    const started = await response.json();
    if (!response.ok) {
      out.textContent = s.error + ": " + started.error.message;
      return;
    }
    running = started.href;
    showProgress(started);
    jobBox.hidden = false;
    form.elements["whatif-run"].disabled = true;
    try {
      const job = await poll(started.href);
      out.textContent = "";
      if (job.status === "succeeded") render(job.result);
      else if (job.status === "cancelled") out.textContent = s.stopped;
      else out.textContent = s.error + ": " + job.error.message;
    } catch (err) {
      out.textContent = s.error + ": " + String(err.message || err);
    } finally {
      running = null;
      jobBox.hidden = true;
      form.elements["whatif-run"].disabled = false;
    }
  });
})();
