// The liaison officer's page: acts on agreements, drafts, and the partner indicator.
// Calls the exchange API with the dashboard's cookie token (same origin).
"use strict";

(function () {
  const root = document.querySelector(".sharing");
  if (!root) return;
  const strings = JSON.parse(document.getElementById("sharing-strings").textContent);
  const errorLine = document.getElementById("act-error");

  async function send(method, path, body) {
    const response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const document_ = await response.json();
    if (!response.ok) throw new Error(document_.error ? document_.error.message : response.status);
    return document_;
  }

  root.querySelectorAll("tr[data-agreement] button[data-step]").forEach((button) => {
    button.addEventListener("click", async () => {
      const id = button.closest("tr").dataset.agreement;
      try {
        await send("POST", `/api/v1/exchange/agreements/${encodeURIComponent(id)}/${button.dataset.step}`, { reason: "" });
        window.location.reload();
      } catch (error) {
        errorLine.textContent = error.message;
      }
    });
  });

  // Originator control: release an item of ours to a third party, withdraw it, or pass a
  // received one on (the guard refuses unless its originator released it).
  root.querySelectorAll(".control button[data-control]").forEach((button) => {
    button.addEventListener("click", async () => {
      const holder = button.closest(".control");
      const item = encodeURIComponent(holder.dataset.item);
      const party = holder.querySelector("input[name=party]").value.trim().toUpperCase();
      const step = button.dataset.control;
      const body =
        step === "release" ? { holder: root.dataset.partner, to_party: party }
        : step === "forward" ? { to_party: party }
        : { reason: "" };
      try {
        await send("POST", `/api/v1/exchange/items/${item}/${step}`, body);
        errorLine.textContent = strings.queued;
      } catch (error) {
        errorLine.textContent = error.message;
      }
    });
  });

  const form = document.getElementById("draft-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const distance = Number(data.get("distance_m")) || 5000;
    const party = root.dataset.party;
    const partner = root.dataset.partner;
    const grants = data.getAll("category").map((category) => ({
      category,
      max_distance_from_boundary_m: category.endsWith("_near_boundary") ? distance : null,
    }));
    try {
      await send("POST", "/api/v1/exchange/agreements", {
        agreement_id: data.get("agreement_id"),
        purpose: data.get("purpose"),
        valid_from: `${data.get("valid_from")}T00:00:00Z`,
        valid_until: `${data.get("valid_until")}T00:00:00Z`,
        agencies: [
          { party, kind: "ministry_of_interior", name: "Ministry of Interior" },
          { party: partner, kind: "ministry_of_interior", name: "Ministry of Interior" },
        ],
        grants,
      });
      window.location.reload();
    } catch (error) {
      errorLine.textContent = error.message;
    }
  });

  // The joint-picture indicator: partner reachable, or down since when.
  const status = document.getElementById("partner-status");
  const indicator = document.getElementById("partner-indicator");
  async function refresh() {
    try {
      const partner = await send("GET", "/api/v1/exchange/partner");
      const state = partner.reachable === null ? "unknown" : partner.reachable ? "yes" : "no";
      status.dataset.reachable = state;
      indicator.textContent =
        state === "yes" ? strings.reachable
        : state === "no" ? `${strings.down_since} ${new Date(partner.down_since).toLocaleString()}`
        : strings.unknown;
      document.getElementById("outbox-pending").textContent = partner.outbox.pending;
    } catch (error) {
      indicator.textContent = error.message;
    }
  }
  window.setInterval(refresh, 5000);
})();
