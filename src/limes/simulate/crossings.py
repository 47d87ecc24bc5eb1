"""Tourists and patients at the crossings, driven through the node's public HTTP API as a
real client would, with the truth written down (``limes simulate-crossings``).

Each simulated traveller has a passport of the partner state, of this node's state (who
needs no visa) or of another state; applies for a tourist or a medical visa (patients with a
hospital, a treatment and sometimes a companion); and arrives at a crossing following the
daily and weekly rhythm of :func:`limes.crossings.whatif.synthetic_week`. Some carry a bad
visa on purpose:

===============  ===========================================================  =============
kind             what the traveller presents                                  truth
===============  ===========================================================  =============
valid            their own visa, or no visa for this state's nationals        admit
someone_else     another traveller's visa with their own passport             not admit
used_up          a single-entry visa already used (entered and left once)      not admit
revoked          a visa revoked by the consul before the trip                  not admit
altered          their visa's seal with one byte changed                      not admit
forged           a seal signed by a CA that is not in the trust list           not admit
expired          a visa whose validity ended 5 days ago, signed by an earlier  not admit
                 CA of this state that the node was told to trust
watchlisted      a valid visa, but their name is put on a watchlist (imported  not admit
                 through the screening API after the visas were issued)
no_visa          a foreign passport and no visa                               not admit
===============  ===========================================================  =============

The simulator never touches the node's data folder: its own keys live in its own folder
(:mod:`limes.simulate.seal_keys`) and reach the node through the trust-list import, and
every date it uses is the node's (read from ``/health``), so it agrees with the node on any
day and under any clock the node is given.
"""

from __future__ import annotations

import base64
import json
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from limes.crossings.whatif import synthetic_week
from limes.errors import Invalid, Unavailable
from limes.simulate.seal_keys import SimulatorKeys
from limes.simulate.travellers import HOSPITALS, KINDS, TREATMENTS, Traveller, draw_traveller


class VisaRefused(Exception):
    """The consulate could not approve (a check failed): the traveller stays at home."""


class Api:
    """The node's HTTP API, signed in as one account (consular and border roles; an
    administrator for the trust-list import the expired visas need)."""

    def __init__(
        self, url: str, username: str, password: str, *, http: httpx.Client | None = None
    ) -> None:
        self.http = http or httpx.Client(base_url=url, timeout=60)
        try:
            credentials = {"username": username, "password": password}
            response = self.http.post("/api/v1/auth/token", json=credentials)
        except httpx.HTTPError as error:
            raise Unavailable(f"cannot reach the node at {url}: {error}") from None
        if response.status_code != 200:
            raise Invalid(f"sign-in refused: {response.text}", field="username")
        self.http.headers["Authorization"] = f"Bearer {response.json()['access_token']}"

    def call(self, method: str, path: str, body: object = None) -> Any:
        """One request; the JSON answer, :class:`VisaRefused` when an approval is refused,
        :class:`Invalid` naming the route for any other error."""
        response = self.http.request(method, path, json=body)
        if response.status_code == 409 and path.endswith("/approve"):
            raise VisaRefused(response.json()["error"]["message"])
        if response.status_code >= 400:
            raise Invalid(f"{method} {path}: {response.status_code} {response.text}", field="api")
        return response.json()


class NodeTime:
    """The node's clock as its ``/health`` told it once, carried on by the monotonic clock:
    the simulator keeps the node's time, never its own machine's."""

    def __init__(self, api: Api) -> None:
        health = api.call("GET", "/health")
        self.party: str = health["party"]
        self._at_start = datetime.fromisoformat(health["time"])
        self._started = time.monotonic()

    def now(self) -> datetime:
        return self._at_start + timedelta(seconds=time.monotonic() - self._started)


@dataclass
class CrossingsRun:
    """What a run found: one truth line per traveller, and how often the node agreed."""

    lines: list[str]
    agreed: int
    kinds: list[str]
    crossings: int


def _visa(
    api: Api, rng: random.Random, person: Traveller, clock: NodeTime, *, entries: int = 0
) -> dict[str, Any]:
    """Apply and approve; returns the issued visa (the patient's, for a medical one)."""
    medical = rng.random() < 0.35
    body: dict[str, Any] = {
        "applicant": person.identity(),
        "arrival_date": clock.now().date().isoformat(),
        "stay_days": rng.choice([7, 14, 30]),
        "entries": entries,
        "purpose": "medical" if medical else "tourism",
    }
    if medical:
        body.update(
            hospital=rng.choice(HOSPITALS),
            treatment=rng.choice(TREATMENTS),
            stay_days=rng.choice([30, 60, 120]),
        )
    application = api.call("POST", "/api/v1/visas/applications", body)
    path = f"/api/v1/visas/applications/{application['application_id']}/approve"
    decided = api.call("POST", path, {"note": "simulated"})
    visa: dict[str, Any] = decided["visas"][0]
    return visa


def _lanes(points: list[dict[str, Any]], key: str) -> tuple[str, int, int]:
    """The crossing's key, its first entry lane and its first exit lane."""
    lanes = next(p for p in points if p["key"] == key)["lanes"]
    entry = next((lane["number"] for lane in lanes if lane["direction"] == "entry"), 1)
    exit_ = next((lane["number"] for lane in lanes if lane["direction"] == "exit"), entry)
    return key, entry, exit_


def _inspect(
    api: Api,
    lane: tuple[str, int, str],
    person: Traveller,
    seal: bytes | None,
    *,
    queued: datetime | None = None,
    confirm: bool = False,
) -> dict[str, Any]:
    """Present ``person`` at ``lane`` (crossing, lane number, direction)."""
    crossing, number, direction = lane
    body = {"crossing": crossing, "lane": number, "direction": direction,
            "passport_mrz": person.mrz(), "visa_seal": seal.hex() if seal else None,
            "visa_seal_encoding": "hex", "confirm": confirm,
            "queued_at": queued.isoformat() if queued else None}  # fmt: skip
    result: dict[str, Any] = api.call("POST", "/api/v1/crossings/inspections", body)
    return result


@dataclass
class _Trip:
    api: Api
    rng: random.Random
    clock: NodeTime
    keys: SimulatorKeys

    def documents(self, person: Traveller, lanes: tuple[str, int, int]) -> bytes | None:
        """The visa seal the traveller will present, made as their ``kind`` says."""
        api, rng, party = self.api, self.rng, self.clock.party
        today = self.clock.now().date()
        if person.nationality == party or person.kind == "no_visa":
            return None
        if person.kind == "someone_else":
            other = draw_traveller(rng, 10_000 + person.number, "valid", party, today)
            other.nationality = person.nationality
            return base64.b32decode(_visa(api, rng, other, self.clock)["seal_base32"])
        if person.kind == "expired":
            return self.keys.expired_seal(person, today)
        visa = _visa(api, rng, person, self.clock, entries=1 if person.kind == "used_up" else 0)
        seal = base64.b32decode(visa["seal_base32"])
        if person.kind == "used_up":
            crossing, entry_lane, exit_lane = lanes
            _inspect(api, (crossing, entry_lane, "entry"), person, seal, confirm=True)
            _inspect(api, (crossing, exit_lane, "exit"), person, None, confirm=True)
        elif person.kind == "revoked":
            api.call("POST", f"/api/v1/visas/issued/{visa['visa_number']}/revoke",
                     {"reason": "simulated: invitation found to be false"})  # fmt: skip
        elif person.kind == "altered":
            altered = bytearray(seal)
            altered[rng.randrange(20, len(altered) - 70)] ^= 1 << rng.randrange(8)
            return bytes(altered)
        elif person.kind == "forged":
            return self.keys.forged_seal(visa, today)
        return seal


def _truth(person: Traveller, crossing: str, got: str, reasons: list[str]) -> tuple[str, bool]:
    """One JSON line of the truth, and whether the node did what should happen."""
    expected = "admit" if person.kind == "valid" else "not_admit"
    ok = (got == "admit") == (expected == "admit")
    record = {"traveller": person.number, "passport": f"{person.nationality}:{person.passport}",
              "name": f"{person.given} {person.surname}", "kind": person.kind,
              "crossing": crossing, "expected": expected, "got": got, "agrees": ok,
              "reasons": reasons}  # fmt: skip
    return json.dumps(record, ensure_ascii=False), ok


def _import_watchlist(api: Api, listed: list[Traveller], seed: int, clock: NodeTime) -> None:
    """Put the listed travellers on a national watchlist through the screening API."""
    rows = ["reference,name,date_of_birth,nationality"] + [
        f"SIM{p.number},{p.given} {p.surname},{p.birth.isoformat()},{p.nationality[:2]}"
        for p in listed
    ]
    response = api.http.post(
        "/api/v1/screening/lists",
        files={"file": ("simulated.csv", ("\n".join(rows) + "\n").encode(), "text/csv")},
        data={"format": "national_csv", "list": "simulated-watchlist",
              "version": f"seed-{seed}-{clock.now():%Y%m%dT%H%M%S}"},
    )  # fmt: skip
    if response.status_code != 201:
        raise Invalid(f"the watchlist import was refused: {response.text}", field="watchlist")


def _trust_earlier_authority(api: Api, keys: SimulatorKeys, clock: NodeTime) -> None:
    """Have the node trust the simulator's earlier CA, through its trust-list import."""
    bundle = keys.earlier_authority_bundle(clock.now().date()).decode()
    try:
        api.call("POST", "/api/v1/visas/keys/trusted", {"bundle_pem": bundle})
    except Invalid as error:
        raise Invalid(
            "the node would not trust the simulator's earlier CA, which the expired visas "
            f"need; sign in as an administrator ({error.message})",
            field="username",
        ) from None


def simulate(api: Api, *, travellers: int, seed: int, keys: SimulatorKeys) -> CrossingsRun:
    """Run ``travellers`` through the node behind ``api`` on the node's own day, with the
    simulator's keys kept by ``keys``."""
    clock = NodeTime(api)
    party, today = clock.party, clock.now().date()
    points = api.call("GET", "/api/v1/crossings") or api.call(
        "POST", "/api/v1/crossings/from-places"
    )
    if not points:
        raise Invalid("the node has no crossing point; add one first", field="crossing")
    rng = random.Random(seed)  # noqa: S311 - a reproducible simulation, not a secret
    kinds = [rng.choice(KINDS) for _ in range(travellers)]
    people = [draw_traveller(rng, n, kind, party, today) for n, kind in enumerate(kinds)]
    if "expired" in kinds:
        _trust_earlier_authority(api, keys, clock)
    # the weekly rhythm decides the order of arrival and each crossing's share
    week_start = datetime.combine(today, datetime.min.time(), tzinfo=UTC)
    shares = {p["key"]: 100 for p in points if p["status"] != "closed"} or {points[0]["key"]: 100}
    arrivals = synthetic_week(shares, week_start=week_start, seed=seed)
    step = max(len(arrivals) // travellers, 1)
    trips = [(person, arrivals[(i * step) % len(arrivals)]) for i, person in enumerate(people)]
    trip = _Trip(api, rng, clock, keys)
    seals: list[bytes | VisaRefused | None] = []
    for person, arrival in trips:
        try:
            seals.append(trip.documents(person, _lanes(points, arrival.crossing_key)))
        except VisaRefused as refusal:
            seals.append(refusal)
    listed = [p for p in people if p.kind == "watchlisted"]
    if listed:  # listed after their visas were issued, as happens
        _import_watchlist(api, listed, seed, clock)
        time.sleep(1.5)  # the lanes ask for the active lists once a second
    run = CrossingsRun([], 0, kinds, len(points))
    for (person, arrival), seal in zip(trips, seals, strict=True):
        crossing, entry_lane, _exit_lane = _lanes(points, arrival.crossing_key)
        if isinstance(seal, VisaRefused):
            line, ok = _truth(person, crossing, "visa_refused", [str(seal)])
        else:
            load = sum(1 for a in arrivals if int(a.at_s // 3600) == int(arrival.at_s // 3600))
            wait_s = rng.expovariate(1 / (20 + 4 * load))
            queued = clock.now() - timedelta(seconds=wait_s)
            result = _inspect(api, (crossing, entry_lane, "entry"), person, seal, queued=queued)
            got = result["recommended"]
            if got == "admit":
                path = f"/api/v1/crossings/inspections/{result['inspection_id']}/confirm"
                api.call("POST", path, {})
            reasons = [r["code"] for r in result["reasons"] if r["severity"] != "info"]
            line, ok = _truth(person, crossing, got, reasons)
        run.lines.append(line)
        run.agreed += ok
    return run
