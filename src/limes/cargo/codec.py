"""Declarations as JSON and back, for the store and the API (one shape for both)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from limes.cargo.model import (
    Arrival,
    Declaration,
    Driver,
    Examination,
    ExaminationKind,
    Item,
    Lane,
    LaneDecision,
    Status,
    Trader,
    Transit,
    Vehicle,
)


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _trader(t: Trader) -> dict[str, str]:
    return {"name": t.name, "country": t.country, "trader_id": t.trader_id}


def declaration_to_json(d: Declaration) -> dict[str, Any]:
    """The whole declaration, as the API shows it and the store keeps it."""
    return {
        "declaration_id": d.declaration_id,
        "crossing_key": d.crossing_key,
        "filed_at": _time(d.filed_at),
        "filed_by": d.filed_by,
        "expected_at": _time(d.expected_at),
        "status": d.status.value,
        "problems": list(d.problems),
        "vehicle": {"plate": d.vehicle.plate, "plate_country": d.vehicle.plate_country,
                    "kind": d.vehicle.kind, "vin": d.vehicle.vin,
                    "trailer_plate": d.vehicle.trailer_plate},
        "driver": {"name": d.driver.name, "passport_number": d.driver.passport_number,
                   "nationality": d.driver.nationality},
        "consignor": _trader(d.consignor),
        "consignee": _trader(d.consignee),
        "carrier": _trader(d.carrier),
        "route": list(d.route),
        "items": [{"hs_code": i.hs_code, "description": i.description, "packages": i.packages,
                   "gross_kg": i.gross_kg, "net_kg": i.net_kg, "value": i.value,
                   "currency": i.currency, "origin": i.origin} for i in d.items],
        "gross_kg": d.gross_kg,
        "transit": ({"carnet": d.transit.carnet, "seals": list(d.transit.seals)}
                    if d.transit else None),
        "arrival": ({"at": _time(d.arrival.at), "weighed_kg": d.arrival.weighed_kg,
                     "seals_found": list(d.arrival.seals_found),
                     "seals_intact": d.arrival.seals_intact, "officer": d.arrival.officer}
                    if d.arrival else None),
        "decision": ({"lane": d.decision.lane.value, "reasons": list(d.decision.reasons),
                      "score": d.decision.score, "random": d.decision.random,
                      "profiles": list(d.decision.profiles), "facts": d.decision.facts}
                     if d.decision else None),
        "examinations": [{"kind": e.kind.value, "at": _time(e.at), "officer": e.officer,
                          "found": e.found, "notes": e.notes} for e in d.examinations],
        "seizures": list(d.seizures),
        "outbound": d.outbound,
    }  # fmt: skip


def _trader_from(data: dict[str, str]) -> Trader:
    return Trader(data["name"], data["country"], data.get("trader_id", ""))


def declaration_from_json(data: dict[str, Any]) -> Declaration:
    """The inverse of :func:`declaration_to_json`."""
    arrival, decision, transit = data.get("arrival"), data.get("decision"), data.get("transit")
    return Declaration(
        declaration_id=data["declaration_id"],
        crossing_key=data["crossing_key"],
        filed_at=_moment(data["filed_at"]),
        filed_by=data["filed_by"],
        expected_at=_parse(data.get("expected_at")),
        vehicle=Vehicle(**data["vehicle"]),
        driver=Driver(**data["driver"]),
        consignor=_trader_from(data["consignor"]),
        consignee=_trader_from(data["consignee"]),
        carrier=_trader_from(data["carrier"]),
        route=tuple(data["route"]),
        items=tuple(Item(**i) for i in data["items"]),
        transit=Transit(transit["carnet"], tuple(transit["seals"])) if transit else None,
        status=Status(data["status"]),
        problems=tuple(data.get("problems", ())),
        arrival=Arrival(
            _moment(arrival["at"]), arrival["weighed_kg"],
            tuple(arrival["seals_found"]), arrival["seals_intact"], arrival["officer"],
        ) if arrival else None,
        decision=LaneDecision(
            Lane(decision["lane"]), tuple(decision["reasons"]), decision["score"],
            decision["random"], tuple(decision.get("profiles", ())), decision.get("facts", {}),
        ) if decision else None,
        examinations=tuple(
            Examination(ExaminationKind(e["kind"]), _moment(e["at"]),
                        e["officer"], e["found"], e.get("notes", ""))
            for e in data.get("examinations", ())
        ),
        seizures=tuple(data.get("seizures", ())),
        outbound=bool(data.get("outbound", False)),
    )  # fmt: skip
