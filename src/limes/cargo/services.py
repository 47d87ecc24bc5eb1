"""The cargo use cases: file, arrive, examine, seize; profiles and settings.

Each takes a unit of work and the clock (and, where a decision needs them, the scorer and a
random source); each writes its audit entry in the same transaction as its change.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from limes.cargo.errors import (
    DeclarationConflict,
    DeclarationInvalid,
    DeclarationNotFound,
    ProfileNotFound,
    SeizureInvalid,
)
from limes.cargo.filing import DeclarationDraft, check_draft
from limes.cargo.model import (
    Arrival,
    Concealment,
    Declaration,
    Examination,
    ExaminationKind,
    Lane,
    LaneDecision,
    Seizure,
    Status,
    Substance,
    TipOff,
    Trader,
    Unit,
)
from limes.cargo.plates import read_plate
from limes.cargo.ports import (
    CargoUnitOfWork,
    CrossingsPort,
    DriverScreening,
    IdGenerator,
    RandomSource,
)
from limes.cargo.risk import HISTORY_DAYS, RiskProfile, facts_of, with_profiles
from limes.cargo.targeting import (
    Scorer,
    TargetingSettings,
    choose_lane,
    hard_reasons,
    referred_for_driver,
)
from limes.clock import Clock


def _get(uow: CargoUnitOfWork, declaration_id: str) -> Declaration:
    found = uow.declarations.get(declaration_id)
    if found is None:
        raise DeclarationNotFound(f"no declaration {declaration_id}", field="declaration_id")
    return found


def record_filing(
    uow: CargoUnitOfWork,
    clock: Clock,
    *,
    declaration_id: str,
    draft: DeclarationDraft,
    crossing_status: str | None,
    filed_by: str,
) -> tuple[Declaration, str | None]:
    """Check ``draft`` and store it under ``declaration_id``, as rejected with every problem
    when it has any; the declaration and the field of its first problem (None: no problem)."""
    checked = check_draft(draft, crossing_status)
    declaration = Declaration(
        declaration_id=declaration_id, crossing_key=draft.crossing_key,
        filed_at=clock.now(), filed_by=filed_by, expected_at=draft.expected_at,
        vehicle=checked.vehicle, driver=checked.driver, consignor=draft.consignor,
        consignee=draft.consignee, carrier=draft.carrier, route=draft.route,
        items=checked.items, transit=checked.transit, outbound=draft.outbound,
    )  # fmt: skip
    with uow:
        problems = list(checked.problems)
        transit = declaration.transit
        if transit and uow.declarations.carnet_in_use(transit.carnet, declaration.declaration_id):
            problems.append(f"TIR carnet {transit.carnet} is on another open declaration")
        if problems:
            declaration = declaration.with_(status=Status.REJECTED, problems=tuple(problems))
        uow.declarations.add(declaration)
        uow.audit.record(
            "cargo_declaration_filed", actor=filed_by, subject=declaration.declaration_id,
            details={"status": declaration.status.value, "crossing": draft.crossing_key,
                     "problems": str(len(problems)), "outbound": str(draft.outbound).lower()},
        )  # fmt: skip
        uow.commit()
    if not problems:
        return declaration, None
    return declaration, checked.first_field or "transit.carnet"


def file_declaration(
    uow: CargoUnitOfWork,
    clock: Clock,
    *,
    crossings: CrossingsPort,
    ids: IdGenerator,
    draft: DeclarationDraft,
    filed_by: str,
) -> Declaration:
    """Check and store a declaration. One with problems is stored as rejected with every
    problem, then :class:`DeclarationInvalid` names them all (and the id it is kept under)."""
    declaration, first_field = record_filing(
        uow, clock, declaration_id=ids.new_id("CD"), draft=draft,
        crossing_status=crossings.status(draft.crossing_key), filed_by=filed_by,
    )  # fmt: skip
    if first_field is not None:
        raise DeclarationInvalid(
            f"declaration {declaration.declaration_id} kept as rejected: "
            + "; ".join(declaration.problems),
            field=first_field,
        )
    return declaration


@dataclass(frozen=True)
class ArrivalReport:
    weighed_kg: float
    seals_found: tuple[str, ...]
    seals_intact: bool
    officer: str


def _arrivable(uow: CargoUnitOfWork, declaration_id: str) -> Declaration:
    declaration = _get(uow, declaration_id)
    if declaration.outbound:
        raise DeclarationConflict(
            f"declaration {declaration_id} is for a truck leaving to the partner: its "
            "arrival is recorded at the partner's crossing",
            field="declaration_id",
        )
    if declaration.status not in (Status.DECLARED, Status.REJECTED):
        raise DeclarationConflict(
            f"declaration {declaration_id} has arrived already ({declaration.status})",
            field="declaration_id",
        )
    return declaration


def arrive(
    uow: CargoUnitOfWork,
    clock: Clock,
    *,
    declaration_id: str,
    report: ArrivalReport,
    scorer: Scorer,
    randomness: RandomSource,
    drivers: DriverScreening,
) -> Declaration:
    """Record the truck's arrival (weighbridge, seals) and give it its lane. A declaration
    kept as rejected arrives too, and goes to red with its problems. The driver is screened
    against the watchlists (a hit sends the truck to red, a possible match to yellow).

    The facts are read in one transaction and the truck scored outside it (the score reads
    the store by itself); the lane is then chosen and written in a second, short one, with
    the declaration's state and the red lane's count read again there."""
    now = clock.now()
    with uow:
        declaration = _arrivable(uow, declaration_id)
        history = uow.declarations.history(declaration, since=now - timedelta(days=HISTORY_DAYS))
        profiles = [p for p in uow.profiles.all() if p.active]
        settings = uow.settings.get()
    driver = drivers.check(declaration.driver)
    facts = with_profiles(facts_of(declaration, history, report.weighed_kg, driver), profiles)
    score = scorer.score(facts)
    declared_seals = declaration.transit.seals if declaration.transit else ()
    missing = tuple(s for s in declared_seals if s not in set(report.seals_found))
    hard = hard_reasons(facts, seals_intact=report.seals_intact, seals_missing=missing,
                        problems=declaration.problems, driver=driver)  # fmt: skip
    with uow:
        declaration = _arrivable(uow, declaration_id)
        decision = choose_lane(
            facts, profiles, hard=hard, score=score, random_draw=randomness.draw(),
            settings=settings, crossing_key=declaration.crossing_key,
            red_today=uow.declarations.red_on(declaration.crossing_key, now.date()),
        )  # fmt: skip
        decision = referred_for_driver(
            LaneDecision(decision.lane, decision.reasons, decision.score, decision.random,
                         decision.profiles, facts), driver,
        )  # fmt: skip
        released = decision.lane in (Lane.GREEN, Lane.BLUE)
        arrived = declaration.with_(
            status=Status.RELEASED if released else Status.ARRIVED,
            arrival=Arrival(now, report.weighed_kg, report.seals_found, report.seals_intact,
                            report.officer),
            decision=decision,
        )  # fmt: skip
        uow.declarations.save(arrived)
        uow.audit.record(
            "cargo_lane_given", actor=report.officer, subject=declaration_id,
            details={"lane": decision.lane.value, "reasons": " | ".join(decision.reasons)},
        )  # fmt: skip
        uow.commit()
    return arrived


def examine(
    uow: CargoUnitOfWork,
    clock: Clock,
    *,
    declaration_id: str,
    kind: ExaminationKind,
    found: bool,
    notes: str,
    officer: str,
) -> Declaration:
    """Record an examination of a truck in the yellow or red lane; a clean one releases it."""
    with uow:
        declaration = _get(uow, declaration_id)
        if declaration.status not in (Status.ARRIVED, Status.EXAMINED):
            raise DeclarationConflict(
                f"declaration {declaration_id} is {declaration.status}: only an arrived truck "
                "in the yellow or red lane is examined",
                field="declaration_id",
            )
        examination = Examination(kind, clock.now(), officer, found, notes.strip())
        examined = declaration.with_(
            status=Status.EXAMINED if found else Status.RELEASED,
            examinations=(*declaration.examinations, examination),
        )
        uow.declarations.save(examined)
        uow.audit.record(
            "cargo_examined", actor=officer, subject=declaration_id,
            details={"kind": kind.value, "found": str(found).lower()},
        )  # fmt: skip
        uow.commit()
    return examined


@dataclass(frozen=True)
class SeizureReport:
    substance: Substance
    quantity: float
    unit: Unit
    concealment: Concealment
    notes: str
    officer: str


def seize(
    uow: CargoUnitOfWork,
    clock: Clock,
    ids: IdGenerator,
    *,
    declaration_id: str,
    report: SeizureReport,
) -> Seizure:
    """Record what was seized from a truck whose examination found something."""
    if report.quantity <= 0:
        raise SeizureInvalid("a seized quantity is above zero", field="quantity")
    with uow:
        declaration = _get(uow, declaration_id)
        if not any(e.found for e in declaration.examinations):
            raise DeclarationConflict(
                f"declaration {declaration_id} has no examination that found anything",
                field="declaration_id",
            )
        seizure = Seizure(
            ids.new_id("SZ"), declaration_id, declaration.crossing_key, clock.now(),
            report.substance, report.quantity, report.unit, report.concealment,
            report.officer, report.notes.strip(),
        )  # fmt: skip
        uow.seizures.add(seizure)
        uow.declarations.save(
            declaration.with_(seizures=(*declaration.seizures, seizure.seizure_id))
        )
        uow.audit.record(
            "cargo_seized", actor=report.officer, subject=declaration_id,
            details={"seizure": seizure.seizure_id, "substance": report.substance.value,
                     "quantity": f"{report.quantity:g} {report.unit.value}"},
        )  # fmt: skip
        uow.commit()
    return seizure


@dataclass(frozen=True)
class TipOffReport:
    """A tip-off as received: what it names (at least one of plate, consignor, carnet)."""

    source: str
    plate: str
    plate_country: str
    consignor: str
    carnet: str
    note: str


def receive_tip_off(
    uow: CargoUnitOfWork, clock: Clock, ids: IdGenerator, report: TipOffReport, *, actor: str
) -> TipOff:
    """Record a tip-off; every truck it names gets the ``tip_off`` fact until it is withdrawn."""
    plate = ""
    if report.plate.strip():
        read = read_plate(report.plate, report.plate_country or "SYR")
        plate = f"{read.country}:{read.text}"
    consignor = Trader(report.consignor, "").key if report.consignor.strip() else ""
    carnet = report.carnet.strip().upper()
    if not (plate or consignor or carnet):
        raise DeclarationInvalid(
            "a tip-off names a plate, a consignor or a TIR carnet", field="plate"
        )
    if not report.source.strip():
        raise DeclarationInvalid("say where the tip-off comes from", field="source")
    tip = TipOff(ids.new_id("TO"), clock.now(), report.source.strip()[:80], plate,
                 consignor[:200], carnet[:20], report.note.strip()[:2000], actor)  # fmt: skip
    with uow:
        uow.tip_offs.add(tip)
        uow.audit.record(
            "cargo_tip_off_received", actor=actor, subject=tip.tip_off_id,
            details={"source": tip.source, "names": " ".join(x for x in (plate, consignor, carnet)
                                                              if x)},
        )  # fmt: skip
        uow.commit()
    return tip


def withdraw_tip_off(
    uow: CargoUnitOfWork, tip_off_id: str, *, actor: str, reason: str = ""
) -> TipOff:
    """Stop a tip-off naming trucks (its author's, or its originator's, word)."""
    with uow:
        tip = uow.tip_offs.get(tip_off_id)
        if tip is None:
            raise DeclarationNotFound(f"no tip-off {tip_off_id}", field="tip_off_id")
        withdrawn = replace(tip, active=False)
        uow.tip_offs.save(withdrawn)
        uow.audit.record(
            "cargo_tip_off_withdrawn", actor=actor, subject=tip_off_id,
            details={"reason": reason[:500]} if reason else {},
        )  # fmt: skip
        uow.commit()
    return withdrawn


def add_profile(uow: CargoUnitOfWork, profile: RiskProfile, *, actor: str) -> RiskProfile:
    with uow:
        uow.profiles.add(profile)
        uow.audit.record(
            "cargo_profile_added", actor=actor, subject=profile.profile_id,
            details={"name": profile.name, "lane": profile.lane.value},
        )  # fmt: skip
        uow.commit()
    return profile


def set_profile_active(
    uow: CargoUnitOfWork, profile_id: str, *, active: bool, actor: str
) -> RiskProfile:
    with uow:
        profile = uow.profiles.get(profile_id)
        if profile is None:
            raise ProfileNotFound(f"no risk profile {profile_id}", field="profile_id")
        changed = RiskProfile(profile.profile_id, profile.name, profile.criteria, profile.lane,
                              active, profile.author)  # fmt: skip
        uow.profiles.save(changed)
        uow.audit.record(
            "cargo_profile_changed", actor=actor, subject=profile_id,
            details={"active": str(active).lower()},
        )  # fmt: skip
        uow.commit()
    return changed


def update_settings(
    uow: CargoUnitOfWork, settings: TargetingSettings, *, actor: str
) -> TargetingSettings:
    if not 0 <= settings.random_share <= 0.5:
        raise DeclarationInvalid("the random share is between 0 and 0.5", field="random_share")
    if settings.red_capacity_per_day < 0:
        raise DeclarationInvalid("a capacity of at least zero", field="red_capacity_per_day")
    for key, capacity in settings.capacity_by_crossing.items():
        if capacity < 0:
            raise DeclarationInvalid(
                f"a capacity of at least zero at {key}", field="capacity_by_crossing"
            )
    with uow:
        uow.settings.put(settings)
        uow.audit.record(
            "cargo_settings_changed", actor=actor, subject="targeting",
            details={"random_share": f"{settings.random_share:g}",
                     "red_capacity_per_day": str(settings.red_capacity_per_day),
                     "capacity_by_crossing": ", ".join(
                         f"{k} {v}" for k, v in sorted(settings.capacity_by_crossing.items()))},
        )  # fmt: skip
        uow.commit()
    return settings
