"""What this node shares by itself, each pass of the partner link (issue #12): every kind an
agreement in force with the partner grants, built as a typed item from the context that
holds it.

====================  ==========================================  ======================
category              what                                        from
====================  ==========================================  ======================
alarms_near_boundary  intrusion alarms within the granted distance surveillance store
incidents_near_...    resolved incidents within the distance      surveillance store
seizure_statistics    seizures per sector and completed month     operations analytics
watchlist_hits        confirmed hits on lists marked shareable    screening store
visa_signing_keys     this state's CA and visa-signer certificates visa key folder
visa_revocations      this state's signed visa revocation list    visa key folder
population_statistics the month's table, after disclosure control registry
voluntary_returns     a consented return, only the fields consented registry
====================  ==========================================  ======================

Every candidate still passes the export guard (:func:`limes.sharing.exchange.send_item`);
this step only picks what the agreements name, so that the guard is not asked (and the
audit log not filled) about items no agreement could cover. An item is shared once: the
outbox remembers each item id it carries, and an item the guard refused is not offered
again by this process (its refusal is in the audit log once). A source that fails (its
store unreadable) is skipped for the pass; the others go on. After sharing, the pass takes
in what the partner shared for the contexts that use it (:mod:`.intake`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from sqlalchemy import Engine

from limes.adapters.partner.intake import ReceivedItemsIntake
from limes.adapters.partner.intake_cargo import CargoIntake
from limes.adapters.partner.keys import KeyringCache
from limes.adapters.partner.policy_audit import CheckpointSource
from limes.adapters.partner.policy_boundary import NearBoundarySource, SeizureSource
from limes.adapters.partner.policy_cargo import CargoSeizureSource, PreArrivalSource
from limes.adapters.partner.policy_people import (
    PopulationSource,
    ReturnSource,
    WatchlistHitSource,
)
from limes.adapters.partner.policy_source import Grants, Source, SourceContext, Units
from limes.adapters.partner.policy_visas import VisaKeySource
from limes.clock import Clock
from limes.errors import LimesError
from limes.sharing import control, exchange
from limes.sharing.agreements import IMPLIED
from limes.sharing.errors import ExportRefused
from limes.sharing.guard import OutboundItem, typed_item
from limes.sharing.ports import PersonalDataRule
from limes.sharing.store import SqlAlchemySharingUnitOfWork

log = logging.getLogger(__name__)


def default_sources() -> tuple[Source, ...]:
    """Every kind this node shares by itself."""
    return (
        NearBoundarySource(),
        SeizureSource(),
        WatchlistHitSource(),
        VisaKeySource(),
        PopulationSource(),
        ReturnSource(),
        PreArrivalSource(),
        CargoSeizureSource(),
        CheckpointSource(),
    )


class SharingPolicy:
    """Queues each granted kind's new items for ``partner_party`` (see the module)."""

    def __init__(
        self,
        *,
        engine: Engine,
        units: Units,
        clock: Clock,
        uow_factory: Callable[[], SqlAlchemySharingUnitOfWork],
        keys: KeyringCache,
        local_party: str,
        partner_party: str,
        personal_data_rule: PersonalDataRule,
        sources: Sequence[Source] | None = None,
        data_dir: Path | None = None,
    ) -> None:
        self._engine = engine
        self._units = units
        self._clock = clock
        self._uow = uow_factory
        self._keys = keys
        self._local = local_party
        self._partner = partner_party
        self._rule = personal_data_rule
        self._sources = tuple(sources) if sources is not None else default_sources()
        # The data folder is the one the node's keys live in (DATA_DIR/keys).
        self._data_dir = data_dir or keys.store.folder.parent
        self._refused: set[str] = set()
        self.intake = ReceivedItemsIntake(
            uow_factory=uow_factory,
            clock=clock,
            data_dir=self._data_dir,
            party=local_party,
            cargo=CargoIntake(units, clock),
        )

    def share_new_items(self) -> int:
        """Queue what is granted and not shared yet, then take in what the partner shared;
        return how many items were queued."""
        queued = 0
        grants = self._grants()
        if grants:
            context = SourceContext(
                engine=self._engine,
                units=self._units,
                clock=self._clock,
                data_dir=self._data_dir,
                local_party=self._local,
                partner_party=self._partner,
                grants=grants,
                shared=self._shared,
            )
            for source in self._sources:
                if not source.categories & grants.keys():
                    continue
                try:
                    candidates = source.candidates(context)
                except Exception:  # one context failing must not stop the others
                    log.exception("sharing: %s failed this pass", type(source).__name__)
                    continue
                queued += self._queue(candidates, grants)
        queued += self._pass_on_withdrawals()
        self.intake.take_in_new()
        return queued

    def _pass_on_withdrawals(self) -> int:
        """The originators' withdrawals this node owes the partner for items it passed on."""
        try:
            return control.pass_on_withdrawals(
                self._uow(),
                self._keys.get(),
                self._clock,
                receiver=self._partner,
                personal_data_rule=self._rule,
            )
        except LimesError:
            log.exception("sharing: withdrawals for %s could not be queued", self._partner)
            return 0

    def _shared(self, item_ids: Iterable[str]) -> set[str]:
        wanted = list(item_ids)
        if not wanted:
            return set()
        with self._uow() as uow:
            return set(uow.outbox.shared(self._partner, wanted)) | (set(wanted) & self._refused)

    def _queue(self, candidates: Sequence[OutboundItem], grants: Grants) -> int:
        offered = [item for item in candidates if _granted(item, grants)]
        done = self._shared(item.item_id for item in offered)
        queued = 0
        for item in offered:
            if item.item_id in done:
                continue
            try:
                exchange.send_item(
                    self._uow(),
                    self._keys.get(),
                    self._clock,
                    item=item,
                    personal_data_rule=self._rule,
                    actor=f"node:{self._local}",
                )
            except ExportRefused:
                self._refused.add(item.item_id)  # refused and logged once by the guard
                continue
            except LimesError:
                log.exception("sharing: %s %s could not be queued", item.kind, item.item_id)
                continue
            queued += 1
        return queued

    def _grants(self) -> Grants:
        now = self._clock.now()
        grants: Grants = {}
        with self._uow() as uow:
            agreements = uow.agreements.with_party(self._partner)
        for agreement in agreements:
            if not agreement.in_force_at(now):
                continue
            for grant in agreement.terms.grants:
                key = grant.category.value
                distance = grant.max_distance_from_boundary_m
                if distance is None:
                    grants.setdefault(key, None)
                else:
                    held = grants.get(key)
                    grants[key] = max(held or 0, distance)
            for implied in IMPLIED:  # what every agreement in force grants by itself
                grants.setdefault(implied.value, None)
        return grants


def _granted(item: OutboundItem, grants: Grants) -> bool:
    if item.category not in grants:
        return False
    limit = grants[item.category]
    if limit is None:
        return True
    distance = typed_item(item).distance_from_boundary_m
    return distance is not None and abs(distance) <= limit


NearBoundaryPolicy = SharingPolicy
"""The name the partner link builds its policy by (it now shares every kind)."""
