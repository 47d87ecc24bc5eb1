// The registry's pages: the clerk's form with live duplicate warnings, the supervisor's
// review queue. Everything goes through /api/v1/registry, which checks the roles.
(function () {
  "use strict";
  const API = "/api/v1/registry";
  const config = JSON.parse(document.getElementById("registry-config").textContent);
  const s = config.strings;

  async function call(method, path, body) {
    const response = await fetch(API + path, {
      method,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
      credentials: "same-origin",
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = data.error || {};
      throw new Error((error.field ? error.field + ": " : "") + (error.message || response.status));
    }
    return data;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    children.forEach((c) => node.append(c));
    return node;
  }

  function describe(person) {
    const latin = (person.names_latin || []).join(" / ");
    const born = person.date_of_birth ? ` · ${s.born} ${person.date_of_birth}` : "";
    return `${person.name_ar}${latin ? " — " + latin : ""}${born} · ${s.at} ${person.location} (${person.individual_id})`;
  }

  function candidateItem(c) {
    const item = el("li", { class: "reg-candidate" });
    item.append(el("strong", {}, describe(c)), " ", el("span", { class: "reg-score" }, `${s.score} ${Math.round(c.score * 100)} %`));
    item.append(el("ul", { class: "reg-reasons" }, ...c.reasons.map((r) => el("li", {}, r))));
    return item;
  }

  // ---- registration ----------------------------------------------------------------
  function setupRegister() {
    const form = document.getElementById("household-form");
    const members = document.getElementById("members");
    const template = document.getElementById("member-template");
    document.getElementById("registered_on").valueAsDate = new Date();

    function renumber() {
      members.querySelectorAll(".reg-member").forEach((fs, i) => {
        fs.querySelector(".member-title").textContent = i === 0 ? s.head : `${s.member} ${i + 1}`;
        fs.querySelector(".remove-member").hidden = i === 0;
      });
    }

    function chain(fs, which) {
      const name = {};
      fs.querySelectorAll(`[data-name="${which}"]`).forEach((input) => (name[input.dataset.part] = input.value.trim()));
      return name;
    }

    function readMember(fs) {
      const value = (f) => fs.querySelector(`[data-field="${f}"]`).value.trim();
      const latin = chain(fs, "latin");
      return {
        relationship: value("relationship"),
        sex: value("sex"),
        date_of_birth: value("date_of_birth"),
        status: value("status"),
        country_of_origin: value("country_of_origin").toUpperCase(),
        nationality: value("nationality").toUpperCase(),
        name_ar: chain(fs, "ar"),
        names_latin: latin.given ? [latin] : [],
      };
    }

    async function warn(fs) {
      const m = readMember(fs);
      const box = fs.querySelector(".reg-warnings");
      try {
        const found = await call("POST", "/candidates", {
          name_ar: m.name_ar, names_latin: m.names_latin, sex: m.sex, date_of_birth: m.date_of_birth,
        });
        box.replaceChildren();
        if (found.candidates.length) {
          box.append(el("p", { class: "reg-warning-title" }, s.possible_duplicates));
          box.append(el("ul", {}, ...found.candidates.map(candidateItem)));
          box.classList.add("has-warnings");
        } else {
          box.classList.remove("has-warnings");
        }
      } catch (error) {
        box.replaceChildren(el("p", { class: "reg-error" }, error.message));
      }
    }

    function addMember() {
      const fs = template.content.firstElementChild.cloneNode(true);
      if (members.children.length) fs.querySelector('[data-field="relationship"]').value = "child";
      let timer = null;
      fs.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(() => warn(fs), 250);
      });
      fs.querySelector(".remove-member").addEventListener("click", () => { fs.remove(); renumber(); });
      members.append(fs);
      renumber();
    }

    document.getElementById("add-member").addEventListener("click", addMember);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const error = document.getElementById("form-error");
      error.hidden = true;
      const body = {
        location: document.getElementById("location").value,
        registered_on: document.getElementById("registered_on").value || null,
        members: [...members.querySelectorAll(".reg-member")].map(readMember),
      };
      try {
        const done = await call("POST", "/households", body);
        const section = document.getElementById("registered");
        section.hidden = false;
        document.getElementById("registered-summary").textContent = `${done.household_id}: ${done.members.join(", ")}`;
        const list = document.getElementById("registered-duplicates");
        list.replaceChildren();
        const flagged = Object.entries(done.possible_duplicates);
        if (flagged.length) {
          list.append(el("li", { class: "reg-queued" }, s.duplicates_queued));
          flagged.forEach(([id, found]) => found.forEach((c) => list.append(candidateItem(c))));
        }
        members.replaceChildren();
        addMember();
      } catch (e) {
        error.textContent = `${s.error}: ${e.message}`;
        error.hidden = false;
      }
    });
    addMember();
  }

  // ---- review ----------------------------------------------------------------------
  function setupReview() {
    const list = document.getElementById("review-list");
    const empty = document.getElementById("review-empty");
    const merged = document.getElementById("merged-items");

    function side(person) {
      return el("div", { class: "reg-side" }, person ? describe(person) : "—");
    }

    async function load() {
      const pairs = await call("GET", "/reviews");
      list.replaceChildren();
      empty.hidden = pairs.length > 0;
      pairs.forEach((p) => list.append(card(p)));
    }

    function card(p) {
      const box = el("article", { class: "reg-pair", "data-pair": p.pair_id });
      const found = p.found_by === "bulk" ? s.found_by_bulk : s.found_by_entry;
      box.append(el("p", { class: "reg-score" }, `${s.score} ${Math.round(p.score * 100)} % · ${found}`));
      box.append(el("div", { class: "reg-sides" }, side(p.first), side(p.second)));
      box.append(el("ul", { class: "reg-reasons" }, ...p.reasons.map((r) => el("li", {}, r))));
      const actions = el("p", { class: "reg-actions" });
      const keep = (kept, label, cls) => {
        const button = el("button", { type: "button", class: cls }, label);
        button.addEventListener("click", async () => {
          const done = await call("POST", `/reviews/${encodeURIComponent(p.pair_id)}/merge`, { kept_id: kept, reason: s.merge_reason });
          showMerged(done);
          await load();
        });
        return button;
      };
      if (p.first && p.second) {
        actions.append(keep(p.first.individual_id, s.keep_first, "merge-first"), " ", keep(p.second.individual_id, s.keep_second, "merge-second"), " ");
      }
      const distinct = el("button", { type: "button", class: "distinct" }, s.distinct);
      distinct.addEventListener("click", async () => {
        await call("POST", `/reviews/${encodeURIComponent(p.pair_id)}/distinct`, { reason: s.distinct });
        await load();
      });
      actions.append(distinct);
      box.append(actions);
      return box;
    }

    function showMerged(done) {
      document.getElementById("undo-list").hidden = false;
      const item = el("li", { class: "reg-merged" }, `${done.merged_id} ${s.merged_into} ${done.kept_id} `);
      const undo = el("button", { type: "button", class: "undo" }, s.undo);
      undo.addEventListener("click", async () => {
        await call("POST", `/merges/${encodeURIComponent(done.merge_id)}/unmerge`, { reason: s.undo });
        item.replaceChildren(`${done.merged_id}: ${s.undone}`);
        await load();
      });
      item.append(undo);
      merged.append(item);
    }

    load();
  }

  if (document.getElementById("register-page")) setupRegister();
  if (document.getElementById("review-page")) setupReview();
})();
