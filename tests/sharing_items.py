"""A valid item of every kind, for the tests of the exchange (importable: tests/ is on the
path). The samples name nobody; tests put protected people's data into them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from limes.sharing.guard import OutboundItem
from limes.sharing.items import (
    AlarmNearBoundary,
    AuditCheckpoint,
    CargoSeizureReport,
    GoodsLine,
    IncidentNearBoundary,
    ItemRelease,
    ItemWithdrawal,
    PopulationCells,
    PopulationGroup,
    PopulationStatistics,
    PreArrivalDeclaration,
    ReturnDocument,
    SeizureLine,
    SeizureStatistics,
    SharedItem,
    TraderLine,
    VisaKeyBundle,
    VisaRevocation,
    VoluntaryReturnNotice,
    WatchlistHit,
)

AT = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n"
CELLS = PopulationCells(
    f_0_4=10, f_5_11=20, f_12_17=15, f_18_59=40, f_60=5, m_0_4=10, m_5_11=25,
    m_12_17=10, m_18_59=35, m_60=None, f_total=90, m_total=None, total=None,
)  # fmt: skip

CHECKPOINT_LINE = (
    '{"entry_sha256": "'
    + "a" * 64
    + '", "format": "limes-audit-checkpoint/1", "key_id": "'
    + "b" * 64
    + '", "party": "IRQ", "sequence": 12, "signature": "QUJD", '
    '"signed_at": "2026-11-25T12:00:00.000000Z"}'
)

FRUIT_CO = TraderLine(name="Homs Fresh Produce", country="SYR", trader_id="SY-4411")
HAULAGE = TraderLine(name="Euphrates Haulage", country="SYR")

SAMPLES: dict[str, SharedItem] = {
    "cargo.pre_arrival": PreArrivalDeclaration(
        declaration_id="CD00000000000000A1",
        crossing_key="al-qaim-albu-kamal",
        filed_at=AT,
        plate="12345 B",
        plate_country="SYR",
        driver_name="Khaled Haddad",
        driver_passport="N7654321",
        driver_nationality="SYR",
        consignor=FRUIT_CO,
        consignee=TraderLine(name="Baghdad Wholesale", country="IRQ"),
        carrier=HAULAGE,
        route=("Homs", "Albukamal", "Al-Qaim", "Baghdad"),
        items=(
            GoodsLine(
                hs_code="080510",
                description="Oranges",
                packages=1200,
                gross_kg=19800,
                net_kg=18000,
                value=9000,
                currency="USD",
                origin="SYR",
            ),
        ),
        carnet="XA12345678",
        seals=("SY-000123",),
    ),
    "cargo.seizure_report": CargoSeizureReport(
        seizure_id="SZ00000000000000B2",
        crossing_key="al-qaim-albu-kamal",
        at=AT,
        substance="captagon",
        quantity=120000,
        unit="tablets",
        concealment="false_wall",
        plate="12345 B",
        plate_country="SYR",
        consignor=FRUIT_CO,
        carrier=HAULAGE,
        hs_codes=("080510",),
        route=("Homs", "Al-Qaim"),
        carnet="XA12345678",
    ),
    "audit.checkpoint": AuditCheckpoint(
        party="IRQ", sequence=12, entry_sha256="a" * 64, line=CHECKPOINT_LINE
    ),
    "sharing.release": ItemRelease(item_id="alarm-1", to_party="JOR"),
    "sharing.withdrawal": ItemWithdrawal(item_id="alarm-1", originator="IRQ", reason="fault"),
    "surveillance.alarm": AlarmNearBoundary(
        sector_id="S07", chainage_m=41_250.0, offset_m=900.0, time=AT, confidence=0.9
    ),
    "operations.incident": IncidentNearBoundary(
        alarm_id="alarm-1",
        sector_id="S07",
        chainage_m=41_250.0,
        offset_m=900.0,
        responding_party="IRQ",
        resolved_at=AT,
        outcome="seizure",
        seizures=(SeizureLine(substance="captagon", quantity=12_000, unit="pills"),),
        arrests=2,
        note="truck stopped at the fence at dawn",
    ),
    "operations.seizure_statistics": SeizureStatistics(
        sector_id="S07", month="2026-10", incidents=9, seizures=3, captagon_pills=40_000
    ),
    "screening.watchlist_hit": WatchlistHit(
        list_id="un-sc-demo",
        list_version="2026-11-01",
        reference="QDi.900",
        score=0.93,
        confirmed_at=AT,
        matched_name="Abu Example",
        traveller_name="Abu Example",
        date_of_birth="1970",
        nationality="JOR",
        subject="JOR:A1234567",
    ),
    "visas.key_bundle": VisaKeyBundle(issuing_party="IRQ", bundle_pem=PEM, signers=1),
    "visas.revocation": VisaRevocation(
        issuing_party="IRQ",
        number=3,
        revoked_visa_numbers=("V00000012",),
        revocation_list='{"list": {"number": 3}}',
    ),
    "registry.population_statistics": PopulationStatistics(
        reference_date=date(2026, 11, 1),
        method="suppress",
        title="Persons of concern",
        note="suppressed cells are blank",
        rows=(
            PopulationGroup(
                origin="SYR",
                asylum="IRQ",
                population_type="REF",
                location_key="domiz-1",
                location_name="Domiz 1",
                cells=CELLS,
            ),
        ),
        totals=CELLS,
    ),
    "registry.voluntary_return": VoluntaryReturnNotice(
        return_date=date(2026, 12, 10),
        crossing_point="rabia",
        names_latin=("Omar Said",),
        documents=(ReturnDocument(kind="passport", number="X9999999", issuing_party="SYR"),),
    ),
}


def outbound(
    shared: SharedItem,
    *,
    item_id: str = "item-1",
    receiver: str = "SYR",
    originator: str = "IRQ",
    person_ids: tuple[str, ...] = (),
) -> OutboundItem:
    """``shared`` as Iraq's item for Syria."""
    return OutboundItem.of(
        shared, item_id=item_id, receiver=receiver, originator=originator, person_ids=person_ids
    )


def alarm_item(
    n: int = 1, *, offset_m: float = 800.0, item_id: str | None = None, **changes: Any
) -> OutboundItem:
    """Iraq's alarm ``n`` for Syria, ``offset_m`` from the line; ``changes`` go to
    :func:`outbound` (receiver, originator, person_ids)."""
    alarm = AlarmNearBoundary(
        sector_id="S07", chainage_m=41_000.0 + n, offset_m=offset_m, time=AT, confidence=0.9
    )
    return outbound(alarm, item_id=item_id or f"alarm-{n}", **changes)


def sample_body(kind: str) -> dict[str, Any]:
    """The JSON body of ``POST /api/v1/exchange/items`` for the sample of ``kind``."""
    shared = SAMPLES[kind]
    return {
        "item_id": f"{kind}-1",
        "kind": shared.KIND,
        "version": shared.VERSION,
        "content": shared.content(),
    }
