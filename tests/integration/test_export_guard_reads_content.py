"""The export guard reads what is sent (issue #12): a refugee's name, document number or
registration id is refused to their country of origin wherever it stands in an item, on
SQLite and the real PostgreSQL, and the refusal is logged with the field it was found in.
Hypothesis hides the data anywhere in generated items and never gets it past the guard."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import FakeClock
from limes.adapters.partner.keys import KeyringCache
from limes.adapters.registry_rule import RegistryPersonalDataRule
from limes.adapters.store import schema
from limes.adapters.store.registry import SqlAlchemyRegistryUnitOfWork
from limes.adapters.store.sharing import SqlAlchemySharingUnitOfWork
from limes.bootstrap import Node, bootstrap
from limes.registry.consent import ConsentPurpose, ConsentRecord
from limes.registry.dates import PartialDate
from limes.registry.lifecycle import Status
from limes.registry.model import Document, DocumentKind, Individual, NameChain, Sex
from limes.settings import load_settings
from limes.sharing import exchange
from limes.sharing.errors import ExportRefusedOriginCountry
from limes.sharing.guard import OutboundItem

REFUGEE_ID = "SYR-HOL-000123"
PASSPORT = "N0123456"
LATIN = ("Fatima", "Ahmad", "al-Hassan")
ARABIC = ("فاطمة", "أحمد", "الحسن")


def refugee(
    individual_id: str = REFUGEE_ID,
    *,
    origin: str = "SYR",
    latin: tuple[str, str, str] = LATIN,
    arabic: tuple[str, str, str] = ARABIC,
    passport: str = PASSPORT,
) -> Individual:
    return Individual.register(
        individual_id=individual_id,
        household_id=f"HH-{individual_id[-6:]}",
        sex=Sex.FEMALE,
        date_of_birth=PartialDate.parse("1990-02-01"),
        country_of_origin=origin,
        nationality=origin,
        name_ar=NameChain(arabic[0], arabic[1], "", arabic[2]),
        names_latin=[NameChain(latin[0], latin[1], "", latin[2])],
        registered_on=date(2019, 6, 1),
        status=Status.REFUGEE,
        reason="registered",
        documents=[Document(DocumentKind.PASSPORT, passport, origin)],
    )


def make_node(url: str, tmp_path: Path) -> Node:
    settings = load_settings(data_dir=tmp_path / "irq", database_url=url, secret_key="k" * 40)
    node = bootstrap(settings, clock=FakeClock())
    schema.upgrade(node.engine)
    with SqlAlchemyRegistryUnitOfWork(node.engine, node.clock) as uow:
        uow.individuals.add(refugee())
        uow.individuals.add(
            refugee(
                "JOR-ZAA-000777",
                origin="JOR",
                latin=("Yusuf", "Ibrahim", "al-Masri"),
                arabic=("يوسف", "إبراهيم", "المصري"),
                passport="J7654321",
            )
        )
        uow.commit()
    return node


@pytest.fixture
def node(database_url: str, tmp_path: Path) -> Iterator[Node]:
    built = make_node(database_url, tmp_path)
    yield built
    built.close()


def rule(node: Node) -> RegistryPersonalDataRule:
    return RegistryPersonalDataRule(
        lambda: SqlAlchemyRegistryUnitOfWork(node.engine, node.clock), node.clock
    )


def item(content: dict[str, object], *, receiver: str = "SYR", **changes: object) -> OutboundItem:
    base = OutboundItem(
        item_id="incident-9",
        kind="operations.incident",
        category="incidents_near_boundary",
        receiver=receiver,
        originator="IRQ",
        content=content,
        distance_from_boundary_m=900.0,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_the_two_leaks_of_the_issue_are_refused_to_the_country_of_origin_only(node: Node) -> None:
    incident = item({"outcome": "arrest", "notes": "Detained Fatima al-Hassan of Al-Hol camp"})
    hit = item(
        {"list": "national", "hit": {"name": "فاطمة أحمد الحسن", "passport": "n-0123456"}},
        kind="screening.watchlist_hit",
        category="watchlist_hits",
    )
    for leaking, field in ((incident, "content.notes"), (hit, "content.hit.name")):
        refusal = rule(node).refusal_reason(leaking)
        assert refusal is not None
        assert refusal.field == field
        assert REFUGEE_ID in refusal.reason
        assert rule(node).refusal_reason(replace(leaking, receiver="JOR")) is None
    by_id = rule(node).refusal_reason(item({"case": "syr hol 000123"}))
    assert by_id is not None and "registration id" in by_id.reason


def test_a_jordanian_refugee_is_protected_from_jordan_and_not_from_syria(node: Node) -> None:
    content = {"notes": "registration JOR-ZAA-000777"}
    assert rule(node).refusal_reason(item(content, receiver="JOR")) is not None
    assert rule(node).refusal_reason(item(content, receiver="SYR")) is None


def test_an_alarm_that_names_nobody_passes(node: Node) -> None:
    alarm = item({"sector_id": "S07", "chainage_m": 41250.0, "time": "2026-11-25T12:00:00+00:00"})
    assert rule(node).refusal_reason(alarm) is None


def consent(fields: set[str], consent_id: str = "C1") -> ConsentRecord:
    return ConsentRecord(
        consent_id=consent_id,
        individual_id=REFUGEE_ID,
        purpose=ConsentPurpose.VOLUNTARY_RETURN,
        given_on=date(2026, 2, 1),
        recorded_by="clerk.amina",
        recipient_party="SYR",
        fields=frozenset(fields),
    )


def test_a_consent_lets_only_the_fields_it_names_go(node: Node) -> None:
    with SqlAlchemyRegistryUnitOfWork(node.engine, node.clock) as uow:
        uow.consents.put(consent({"location"}, "C0"))  # lets nothing go, hides nothing after it
        uow.consents.put(consent({"names_latin", "name_ar"}))
        uow.commit()
    names_only = item({"return": "Fatima al-Hassan returns on 2026-12-10"})
    assert rule(node).refusal_reason(names_only) is None
    with_passport = item({"return": "Fatima al-Hassan, passport N0123456"})
    refusal = rule(node).refusal_reason(with_passport)
    assert refusal is not None and "documents" in refusal.reason
    declared = item({"documents": ["N0123456"]}, person_ids=(REFUGEE_ID,))
    refusal = rule(node).refusal_reason(declared)
    assert refusal is not None and refusal.field == "person_ids"
    assert "does not cover documents" in refusal.reason


def test_a_refusal_is_logged_with_its_field_and_nothing_is_queued(
    node: Node, tmp_path: Path
) -> None:
    keys = KeyringCache(node.settings.data_dir, party="IRQ", clock=node.clock)
    sharing = SqlAlchemySharingUnitOfWork(node.engine, node.clock)
    with pytest.raises(ExportRefusedOriginCountry):
        exchange.send_item(
            sharing,
            keys.get(),
            node.clock,
            item=item({"notes": "seen: Fatima Ahmad al-Hassan"}),
            personal_data_rule=rule(node),
            actor="user:liaison",
        )
    with SqlAlchemySharingUnitOfWork(node.engine, node.clock) as uow:
        assert list(uow.outbox.pending()) == []
        entry = list(uow.audit.entries())[-1]
    assert entry.kind == "export_refused"
    assert entry.details["code"] == "export_refused_origin_country"
    assert entry.details["field"] == "content.notes"


# --- hypothesis: the protected data hidden anywhere -------------------------------------

WORDS = st.sampled_from(
    ["patrol", "sector", "north", "fence", "vehicle", "seized", "pills", "dawn", "km", "east"]
)
FILLER = st.lists(WORDS, max_size=6).map(" ".join)


def separated(value: str) -> st.SearchStrategy[str]:
    """``value`` with its case changed and separators put between its characters."""
    gaps = st.lists(st.sampled_from(["", "", "", "-", " ", "/"]), min_size=len(value) - 1,
                    max_size=len(value) - 1)  # fmt: skip
    return st.tuples(gaps, st.booleans()).map(
        lambda g: (
            "".join(c + s for c, s in zip(value, [*g[0], ""], strict=True)).swapcase()
            if g[1]
            else "".join(c + s for c, s in zip(value, [*g[0], ""], strict=True))
        )
    )


NAMES = st.sampled_from(
    [f"{LATIN[0]} {LATIN[2]}", f"{LATIN[2]}, {LATIN[0]}", " ".join(LATIN),
     f"{ARABIC[0]} {ARABIC[2]}", " ".join(ARABIC), f"{LATIN[0].upper()} {LATIN[1].upper()}"]
)  # fmt: skip
SECRETS = st.one_of(NAMES, separated(PASSPORT), separated(REFUGEE_ID))


def documents(secret: str) -> st.SearchStrategy[object]:
    """A JSON-like document with ``secret`` inside one of its strings (or keys)."""
    leaf = st.tuples(FILLER, FILLER).map(lambda t: f"{t[0]} {secret} {t[1]}".strip())
    plain = st.one_of(FILLER, st.integers(), st.floats(allow_nan=False, allow_infinity=False))

    def around(inner: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
        return st.one_of(
            st.tuples(st.lists(plain, max_size=3), inner).map(lambda t: [*t[0], t[1]]),
            st.tuples(st.text("abcdef", min_size=1, max_size=6), inner, st.dictionaries(
                st.text("xyz", min_size=1, max_size=4), plain, max_size=3)).map(
                lambda t: {**t[2], t[0]: t[1]}),
            leaf.map(lambda key: {key: "x"}),
        )  # fmt: skip

    return st.recursive(leaf, around, max_leaves=4)


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    """One registry on SQLite for every example (the examples only read it)."""
    folder = tmp_path_factory.mktemp("guarded")
    built = make_node(f"sqlite:///{folder / 'limes.db'}", folder)
    yield built
    built.close()


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_protected_data_hidden_anywhere_never_gets_past_the_guard(
    data: st.DataObject, guarded: Node
) -> None:
    node = guarded
    secret = data.draw(SECRETS)
    content = data.draw(documents(secret))
    sent = item({"payload": content})
    refusal = rule(node).refusal_reason(sent)
    assert refusal is not None, json.dumps(content, ensure_ascii=False)
    assert refusal.field.startswith("content.payload")


@settings(max_examples=30, deadline=None)
@given(content=st.dictionaries(st.text("abcdef", min_size=1, max_size=5), FILLER, max_size=4))
def test_content_that_names_nobody_is_not_refused(content: dict[str, str], guarded: Node) -> None:
    assert rule(guarded).refusal_reason(item(content)) is None


def test_statistics_with_a_small_cell_do_not_leave(node: Node) -> None:
    table = {"year": 2025, "month": 3, "rows": [{"camp": "al-hol", "f_0_4": 3, "total": 120}]}
    stats = item(table, category="population_statistics", kind="registry.population_statistics")
    refusal = rule(node).refusal_reason(stats)
    assert refusal is not None and refusal.field == "content.rows[0].f_0_4"
    suppressed = {**table, "rows": [{"camp": "al-hol", "f_0_4": None, "total": 120}]}
    assert rule(node).refusal_reason(replace(stats, content=suppressed)) is None
