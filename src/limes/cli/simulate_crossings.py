"""``limes simulate-crossings``: tourists and patients at the crossings, driven through the
node's public HTTP API, with the truth written down.

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
expired          a visa whose validity ended 5 days ago (needs --data-dir:    not admit
                 made with the node's own signer, as if issued weeks ago)
watchlisted      a valid visa, but their name is put on a watchlist (imported  not admit
                 through the screening API after the visas were issued)
no_visa          a foreign passport and no visa                               not admit
===============  ===========================================================  =============

The truth (one JSON line per traveller: who, what they presented, what should happen, what
the node decided and why) goes to ``--truth``; the summary counts agreements.
"""

from __future__ import annotations

import base64
import json
import random
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer

from limes.cli.output import console
from limes.crossings.whatif import synthetic_week
from limes.documents import generate_td3
from limes.errors import Invalid, Unavailable

GROUP_NAME = "simulate-crossings"
app = typer.Typer(
    help="Simulated travellers at the crossings, through the HTTP API.", no_args_is_help=True
)

SURNAMES = [
    "Haddad",
    "Khatib",
    "Nasser",
    "Saleh",
    "Hassan",
    "Othman",
    "Yousef",
    "Darwish",
    "Mansour",
    "Sabbagh",
    "Halabi",
    "Zaidan",
    "Jaber",
    "Azzam",
    "Qassem",
    "Kurdi",
    "Barzani",
    "Jubouri",
    "Obeidi",
    "Tamimi",
    "Dulaimi",
    "Shammari",
]
GIVEN = {
    "M": [
        "Rami",
        "Omar",
        "Samer",
        "Fadi",
        "Karim",
        "Bassel",
        "Tarek",
        "Wael",
        "Ziad",
        "Ahmed",
        "Mustafa",
        "Hussein",
        "Ali",
        "Yasin",
    ],
    "F": [
        "Lina",
        "Hiba",
        "Dima",
        "Nour",
        "Rana",
        "Maya",
        "Sara",
        "Huda",
        "Amal",
        "Zainab",
        "Fatima",
        "Rasha",
        "Noor",
    ],
}
HOSPITALS = [
    "Damascus University Hospital",
    "Al-Assad University Hospital",
    "Medical City, Baghdad",
    "Rizgary Teaching Hospital, Erbil",
    "Ibn Sina Hospital, Mosul",
]
TREATMENTS = [
    "cardiac surgery",
    "oncology",
    "dialysis",
    "orthopaedic surgery",
    "ophthalmology",
    "paediatric surgery",
]
KINDS = ["valid"] * 14 + [
    "someone_else",
    "used_up",
    "revoked",
    "altered",
    "forged",
    "expired",
    "watchlisted",
    "no_visa",
]
PARTNER = {"IRQ": "SYR", "SYR": "IRQ"}


@dataclass
class Traveller:
    number: int
    kind: str
    sex: str
    surname: str
    given: str
    nationality: str
    passport: str
    birth: date
    expiry: date

    def identity(self) -> dict[str, Any]:
        return {
            "surname": self.surname,
            "given_names": self.given,
            "nationality": self.nationality,
            "birth_date": self.birth.isoformat(),
            "sex": self.sex,
            "passport_number": self.passport,
            "passport_issuing_state": self.nationality,
            "passport_expiry": self.expiry.isoformat(),
        }

    def mrz(self) -> str:
        return generate_td3(
            issuing_state=self.nationality,
            primary_identifier=self.surname,
            secondary_identifier=self.given,
            document_number=self.passport,
            nationality=self.nationality,
            birth_date=self.birth,
            sex=self.sex,
            expiry_date=self.expiry,
        )


class VisaRefused(Exception):
    """The consulate could not approve (a check failed): the traveller stays at home."""


class Api:
    """The node's HTTP API, signed in as one account (consular and border roles)."""

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
        response = self.http.request(method, path, json=body)
        if response.status_code == 409 and path.endswith("/approve"):
            raise VisaRefused(response.json()["error"]["message"])
        if response.status_code >= 400:
            raise Invalid(f"{method} {path}: {response.status_code} {response.text}", field="api")
        return response.json()


def _person(rng: random.Random, number: int, kind: str, party: str, today: date) -> Traveller:
    nationality = rng.choices(
        [PARTNER[party], party, "JOR", "LBN", "TUR", "IRN"], weights=[70, 10, 5, 5, 5, 5]
    )[0]
    if kind != "valid" and nationality == party:
        nationality = PARTNER[party]  # nationals need no visa: a bad visa shows nothing
    sex = rng.choice("MF")
    return Traveller(
        number,
        kind,
        sex,
        rng.choice(SURNAMES),
        rng.choice(GIVEN[sex]),
        nationality,
        f"{nationality[0]}{rng.randrange(10**7):07d}",
        date(1950, 1, 1) + timedelta(days=rng.randrange(25000)),
        today + timedelta(days=rng.randrange(400, 3000)),
    )


def _visa(
    api: Api, rng: random.Random, person: Traveller, today: date, *, entries: int = 0
) -> dict[str, Any]:
    """Apply and approve; returns the issued visa (the patient's, for a medical one)."""
    medical = rng.random() < 0.35
    body: dict[str, Any] = {
        "applicant": person.identity(),
        "arrival_date": today.isoformat(),
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


def _forged_seal(genuine: dict[str, Any], today: date) -> bytes:
    from limes.documents.seal import (  # noqa: PLC0415 - only forged travellers need it
        CountryCA,
        DurationOfStay,
        VisaSealFeatures,
        issue_seal,
    )

    start = datetime.combine(today, datetime.min.time(), tzinfo=UTC) - timedelta(days=1)
    forger = CountryCA.create(
        country="IQ", issuing_country=genuine["issuing_state"], name="Forgers' CA", not_before=start
    )
    signer = forger.issue_signer(signer_code="VS", serial_number=0x5EA1, not_before=start)
    features = VisaSealFeatures.from_mrz(
        genuine["mrz"].split("\n"),
        passport_number=genuine["holder"]["passport_number"],
        duration_of_stay=DurationOfStay(90),
    )
    return issue_seal(features, signer, issued_on=today)


def _expired_seal(data_dir: Path, party: str, person: Traveller, today: date) -> bytes:
    from limes.adapters.visa_keys import VisaKeyStore  # noqa: PLC0415
    from limes.clock import SystemClock  # noqa: PLC0415
    from limes.documents import generate_mrv  # noqa: PLC0415
    from limes.documents.seal import DurationOfStay, VisaSealFeatures, issue_seal  # noqa: PLC0415

    signer = VisaKeyStore(data_dir, party, SystemClock()).signer(today)
    mrz = generate_mrv(
        document_code="VT",
        issuing_state=party,
        primary_identifier=person.surname,
        secondary_identifier=person.given,
        document_number="X0000001",
        nationality=person.nationality,
        birth_date=person.birth,
        sex=person.sex,
        expiry_date=today - timedelta(days=5),
    )
    features = VisaSealFeatures.from_mrz(
        mrz.split("\n"),
        passport_number=person.passport,
        duration_of_stay=DurationOfStay(14),
        number_of_entries=1,
        visa_type=b"\x01",
    )
    return issue_seal(features, signer, issued_on=today - timedelta(days=40), signed_on=today)


def _lanes(points: list[dict[str, Any]], key: str) -> tuple[str, int, int]:
    """The crossing's key, its first entry lane and its first exit lane."""
    lanes = next(p for p in points if p["key"] == key)["lanes"]
    entry = next((lane["number"] for lane in lanes if lane["direction"] == "entry"), 1)
    exit_ = next((lane["number"] for lane in lanes if lane["direction"] == "exit"), entry)
    return key, entry, exit_


def _inspect(api: Api, crossing: str, lane: int, direction: str, person: Traveller,
             seal: bytes | None, *, queued: datetime | None = None,
             confirm: bool = False) -> dict[str, Any]:  # fmt: skip
    body = {"crossing": crossing, "lane": lane, "direction": direction,
            "passport_mrz": person.mrz(), "visa_seal": seal.hex() if seal else None,
            "visa_seal_encoding": "hex", "confirm": confirm,
            "queued_at": queued.isoformat() if queued else None}  # fmt: skip
    result: dict[str, Any] = api.call("POST", "/api/v1/crossings/inspections", body)
    return result


def _documents(api: Api, rng: random.Random, person: Traveller, lanes: tuple[str, int, int],
               party: str, today: date, data_dir: Path | None) -> bytes | None:  # fmt: skip
    """The visa seal the traveller will present, made as their ``kind`` says."""
    if person.nationality == party or person.kind == "no_visa":
        return None
    if person.kind == "someone_else":
        other = _person(rng, 10_000 + person.number, "valid", party, today)
        other.nationality = person.nationality
        return base64.b32decode(_visa(api, rng, other, today)["seal_base32"])
    if person.kind == "expired" and data_dir is not None:
        return _expired_seal(data_dir, party, person, today)
    visa = _visa(api, rng, person, today, entries=1 if person.kind == "used_up" else 0)
    seal = base64.b32decode(visa["seal_base32"])
    if person.kind == "used_up":
        crossing, entry_lane, exit_lane = lanes
        _inspect(api, crossing, entry_lane, "entry", person, seal, confirm=True)
        _inspect(api, crossing, exit_lane, "exit", person, None, confirm=True)
    elif person.kind == "revoked":
        api.call("POST", f"/api/v1/visas/issued/{visa['visa_number']}/revoke",
                 {"reason": "simulated: invitation found to be false"})  # fmt: skip
    elif person.kind == "altered":
        altered = bytearray(seal)
        altered[rng.randrange(20, len(altered) - 70)] ^= 1 << rng.randrange(8)
        return bytes(altered)
    elif person.kind == "forged":
        return _forged_seal(visa, today)
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


def _summary(truth: Path, lines: list[str], agreed: int, kinds: list[str], points: int) -> None:
    travellers = len(lines)
    truth.write_text("\n".join(lines) + "\n", encoding="utf-8")
    share = 100 * agreed / max(travellers, 1)
    console.print(
        f"{travellers} travellers at {points} crossing(s); the node agreed with the truth "
        f"for {agreed} ({share:.1f} %); truth in {truth}"
    )
    records: list[dict[str, Any]] = [json.loads(line) for line in lines]
    for kind in sorted(set(kinds)):
        of_kind = [r for r in records if r["kind"] == kind]
        console.print(
            f"  {kind:<13} {sum(bool(r['agrees']) for r in of_kind)}/{len(of_kind)} as expected"
        )


def _import_watchlist(api: Api, listed: list[Traveller], seed: int) -> None:
    """Put the listed travellers on a national watchlist through the screening API."""
    rows = ["reference,name,date_of_birth,nationality"] + [
        f"SIM{p.number},{p.given} {p.surname},{p.birth.isoformat()},{p.nationality[:2]}"
        for p in listed
    ]
    response = api.http.post(
        "/api/v1/screening/lists",
        files={"file": ("simulated.csv", ("\n".join(rows) + "\n").encode(), "text/csv")},
        data={"format": "national_csv", "list": "simulated-watchlist",
              "version": f"seed-{seed}-{datetime.now(UTC):%Y%m%dT%H%M%S}"},
    )  # fmt: skip
    if response.status_code != 201:
        raise Invalid(f"the watchlist import was refused: {response.text}", field="watchlist")


@app.command("run")
def run(
    url: Annotated[
        str, typer.Option("--url", help="The node's base URL.")
    ] = "http://127.0.0.1:8000",
    username: Annotated[
        str,
        typer.Option(
            "--username",
            help="An administrator, or an account that is both consular and border officer.",
        ),
    ] = "admin",
    password: Annotated[
        str,
        typer.Option(
            "--password", envvar="LIMES_SIM_PASSWORD", help="Its password (or LIMES_SIM_PASSWORD)."
        ),
    ] = "",
    travellers: Annotated[int, typer.Option("--travellers", min=1, max=5000)] = 60,
    seed: Annotated[int, typer.Option("--seed")] = 1,
    truth: Annotated[Path, typer.Option("--truth", help="JSON lines, one per traveller.")] = Path(
        "crossings-truth.jsonl"
    ),
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help="The node's data folder, "
            "for expired visas made with its signer (and its demo password).",
        ),
    ] = None,
) -> None:
    """Send the travellers through; print how often the node agreed with the truth."""
    if not password and data_dir is not None and (data_dir / "demo-credentials.txt").exists():
        username, password = (data_dir / "demo-credentials.txt").read_text().split()[:2]
    lines, agreed, kinds, points = simulate(
        Api(url, username, password), travellers=travellers, seed=seed,
        today=datetime.now(UTC).date(), data_dir=data_dir,
    )  # fmt: skip
    _summary(truth, lines, agreed, kinds, points)


def simulate(
    api: Api, *, travellers: int, seed: int, today: date, data_dir: Path | None
) -> tuple[list[str], int, list[str], int]:
    """Run the travellers through ``api`` on the day ``today``; the truth lines, how many
    the node agreed with, the kinds drawn and the number of crossings."""
    party = api.call("GET", "/health")["party"]
    points = api.call("GET", "/api/v1/crossings") or api.call(
        "POST", "/api/v1/crossings/from-places"
    )
    if not points:
        raise Invalid("the node has no crossing point; add one first", field="crossing")
    rng = random.Random(seed)  # noqa: S311 - a reproducible simulation, not a secret
    kinds = [rng.choice(KINDS) for _ in range(travellers)]
    if data_dir is None:
        kinds = [k if k != "expired" else "valid" for k in kinds]
    people = [_person(rng, n, kind, party, today) for n, kind in enumerate(kinds)]
    # the weekly rhythm decides the order of arrival and each crossing's share
    week_start = datetime.combine(today, datetime.min.time(), tzinfo=UTC)
    shares = {p["key"]: 100 for p in points if p["status"] != "closed"} or {points[0]["key"]: 100}
    arrivals = synthetic_week(shares, week_start=week_start, seed=seed)
    step = max(len(arrivals) // travellers, 1)
    trips = [(person, arrivals[(i * step) % len(arrivals)]) for i, person in enumerate(people)]
    seals: list[bytes | VisaRefused | None] = []
    for person, arrival in trips:
        try:
            lanes = _lanes(points, arrival.crossing_key)
            seals.append(_documents(api, rng, person, lanes, party, today, data_dir))
        except VisaRefused as refusal:
            seals.append(refusal)
    listed = [p for p in people if p.kind == "watchlisted"]
    if listed:  # listed after their visas were issued, as happens
        _import_watchlist(api, listed, seed)
        time.sleep(1.5)  # the lanes ask for the active lists once a second
    agreed, lines = 0, list[str]()
    for (person, arrival), seal in zip(trips, seals, strict=True):
        crossing, entry_lane, _exit_lane = _lanes(points, arrival.crossing_key)
        if isinstance(seal, VisaRefused):
            line, ok = _truth(person, crossing, "visa_refused", [str(seal)])
            lines.append(line)
            agreed += ok
            continue
        load = sum(1 for a in arrivals if int(a.at_s // 3600) == int(arrival.at_s // 3600))
        queued = datetime.now(UTC) - timedelta(seconds=rng.expovariate(1 / (20 + 4 * load)))
        result = _inspect(api, crossing, entry_lane, "entry", person, seal, queued=queued)
        got = result["recommended"]
        if got == "admit":
            api.call("POST", f"/api/v1/crossings/inspections/{result['inspection_id']}/confirm", {})
        line, ok = _truth(
            person, crossing, got, [r["code"] for r in result["reasons"] if r["severity"] != "info"]
        )
        lines.append(line)
        agreed += ok
    return lines, agreed, kinds, len(points)
