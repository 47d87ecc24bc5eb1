"""The partner links of a node, built from its store, clock, keys and settings: one per
partner (:class:`~limes.adapters.partner.link.PartnerLink`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from limes.adapters.partner.keys import KeyringCache
from limes.adapters.partner.link import PartnerLink
from limes.adapters.partner.policy import SharingPolicy
from limes.registry.adapters_rule import RegistryPersonalDataRule
from limes.registry.store import SqlAlchemyRegistryUnitOfWork
from limes.sharing.store import SqlAlchemySharingUnitOfWork
from limes.sharing.store_outbox import SenderLease

if TYPE_CHECKING:
    from limes.container import Node


def links_for_node(node: Node) -> list[PartnerLink]:
    """One link per partner of ``node``: its default partner (``settings.partner_party``)
    and every other party whose key document it imported (a third state, an agency), as the
    store holds them when the node starts."""
    with SqlAlchemySharingUnitOfWork(node.engine, node.clock) as uow:
        known = [partner.party for partner in uow.partners.all()]
    parties = [node.settings.partner_party]
    parties += [p for p in known if p not in parties and p != node.settings.party]
    return [link_for_node(node, partner_party=party) for party in parties]


def link_for_node(
    node: Node, *, partner_party: str | None = None, **options: object
) -> PartnerLink:
    """The link of ``node`` to ``partner_party`` (by default ``settings.partner_party``, at
    ``settings.partner_url`` if set; any other partner at the address in its key document):
    the node's store, clock and keys, its sharing policy, and on PostgreSQL the sender lease.
    ``options`` go to :class:`PartnerLink` (intervals, batch size, window)."""
    settings = node.settings
    party = partner_party or settings.partner_party
    url = settings.partner_url if party == settings.partner_party else None

    def uow() -> SqlAlchemySharingUnitOfWork:
        return SqlAlchemySharingUnitOfWork(node.engine, node.clock)

    keys = KeyringCache(settings.data_dir, party=settings.party, clock=node.clock)
    sharing_policy = SharingPolicy(
        engine=node.engine,
        units=node,
        clock=node.clock,
        uow_factory=uow,
        keys=keys,
        local_party=settings.party,
        partner_party=party,
        personal_data_rule=RegistryPersonalDataRule(
            lambda: SqlAlchemyRegistryUnitOfWork(node.engine, node.clock), node.clock
        ),
    )
    return PartnerLink(
        uow_factory=uow,
        clock=node.clock,
        keys=keys,
        partner_party=party,
        partner_url=url,
        sharing_policy=sharing_policy,
        lease=SenderLease.for_engine(node.engine, party),
        publish=node.live_hub.publish,
        **options,  # type: ignore[arg-type]
    )
