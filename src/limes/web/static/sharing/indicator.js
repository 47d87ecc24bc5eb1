// The joint-picture indicator for any dashboard page: "partner reachable" or
// "partner down since ...". A page opts in with an element
//   <span id="partner-indicator-slot" data-reachable="..." data-down="..." data-unknown="...">
// holding the translated strings (sharing.partner_reachable / _down_since / _unknown).
"use strict";

(function () {
  const slot = document.getElementById("partner-indicator-slot");
  if (!slot) return;
  const colours = { yes: "#8fe3a4", no: "#ffb4a8", unknown: "#ffffffaa" };

  async function refresh() {
    let state = "unknown";
    let text = slot.dataset.unknown;
    try {
      const response = await fetch("/api/v1/exchange/partner", { credentials: "same-origin" });
      if (!response.ok) return;
      const partner = await response.json();
      if (partner.reachable === true) {
        state = "yes";
        text = `${partner.party}: ${slot.dataset.reachable}`;
      } else if (partner.reachable === false) {
        state = "no";
        const since = partner.down_since ? new Date(partner.down_since).toLocaleString() : "";
        text = `${partner.party}: ${slot.dataset.down} ${since}`;
      }
    } catch (error) {
      return;
    }
    slot.textContent = text;
    slot.dataset.state = state;
    slot.style.color = colours[state];
  }

  refresh();
  window.setInterval(refresh, 10000);
})();
