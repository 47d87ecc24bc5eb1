"""The checks run on an application before a consular officer decides.

Each traveller on the application (the applicant and any companion) gets:

* ``passport_validity``: the passport is valid until the last day of the stay plus a margin
  (three months by default, as the EU Visa Code Art. 12(a) asks) — ``fail`` otherwise;
* ``earlier_refusals``: earlier refused applications for the same passport — ``attention``;
* ``earlier_overstays``: overstays the crossings recorded for the same passport — ``fail``
  (the officer must refuse or the traveller must explain at a new application);
* ``screening``: a watchlist hit is ``fail``, a possible match ``attention``, and a node
  with no list loaded says so (``attention``: "screened against no list").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from limes.visas.model import (
    Application,
    Check,
    CheckOutcome,
    ScreeningOutcome,
    TravellerIdentity,
)


def passport_validity(
    person: TravellerIdentity, *, departure: date, margin_days: int, today: date
) -> Check:
    """Whether the passport outlives the stay by ``margin_days``."""
    needed = departure + timedelta(days=margin_days)
    if person.passport_expiry < today:
        return Check(
            "passport_validity",
            CheckOutcome.FAIL,
            f"the passport expired on {person.passport_expiry.isoformat()}",
        )
    if person.passport_expiry < needed:
        return Check(
            "passport_validity",
            CheckOutcome.FAIL,
            f"the passport expires on {person.passport_expiry.isoformat()}; it must be valid "
            f"until {needed.isoformat()} (last day of stay plus {margin_days} days)",
        )
    return Check(
        "passport_validity",
        CheckOutcome.PASS,
        f"valid until {person.passport_expiry.isoformat()}, beyond {needed.isoformat()}",
    )


def earlier_refusals(refusals: Sequence[str]) -> Check:
    """``refusals`` describes each earlier refusal ("2026-10-02: security_risk")."""
    if not refusals:
        return Check("earlier_refusals", CheckOutcome.PASS, "no earlier refusal")
    return Check(
        "earlier_refusals",
        CheckOutcome.ATTENTION,
        f"{len(refusals)} earlier refusal(s): " + "; ".join(refusals),
    )


def earlier_overstays(overstays: Sequence[str]) -> Check:
    """``overstays`` describes each recorded overstay ("overstayed 12 days, left 2026-09-01")."""
    if not overstays:
        return Check("earlier_overstays", CheckOutcome.PASS, "no overstay recorded")
    return Check(
        "earlier_overstays",
        CheckOutcome.FAIL,
        f"{len(overstays)} overstay(s) recorded: " + "; ".join(overstays),
    )


def screening(outcome: ScreeningOutcome) -> Check:
    """A hit fails, a possible match or a screening against no list needs attention."""
    if outcome.hits:
        names = ", ".join(f"{m.listed_name} ({m.list_id}, {m.score:.2f})" for m in outcome.hits)
        return Check("screening", CheckOutcome.FAIL, f"watchlist hit: {names}")
    if outcome.possible:
        names = ", ".join(f"{m.listed_name} ({m.list_id}, {m.score:.2f})" for m in outcome.possible)
        return Check("screening", CheckOutcome.ATTENTION, f"possible match: {names}")
    outcome_text = outcome.describe()
    if outcome.screened_against_no_list:
        return Check("screening", CheckOutcome.ATTENTION, outcome_text)
    return Check("screening", CheckOutcome.PASS, outcome_text)


def checks_for(
    application: Application,
    *,
    today: date,
    margin_days: int,
    refusals: dict[str, Sequence[str]],
    overstays: dict[str, Sequence[str]],
    screenings: dict[str, ScreeningOutcome],
) -> tuple[Check, ...]:
    """Every check for every traveller; the dictionaries are keyed by person key."""
    found: list[Check] = []
    for role, person in application.travellers:
        key = person.person_key
        for check in (
            passport_validity(
                person, departure=application.departure_date, margin_days=margin_days, today=today
            ),
            earlier_refusals(refusals.get(key, ())),
            earlier_overstays(overstays.get(key, ())),
            screening(screenings[key]),
        ):
            found.append(Check(check.name, check.outcome, check.detail, person=role))
    return tuple(found)
