"""The registry's origin-country rule, as the sharing context's export guard asks for it.

Adapts :func:`limes.registry.guard.may_share_personal_data` to
:class:`limes.sharing.ports.PersonalDataRule`: for every person an outbound item names, the
person's record and consents are looked up in the registry, and the item is refused when
the receiver is a state that person must be protected from (their country of origin or
nationality) without a recorded consent for a voluntary return.

It fails closed: a person id it cannot look up, for whatever reason (unknown id, no
registry store on this node, the store down), refuses the item. A node without a registry
store therefore sends statistics and anything that names no person, and nothing else.
The exchange routes pass the registry's store
(:class:`limes.adapters.store.registry.SqlAlchemyRegistryUnitOfWork`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, Self

from limes.clock import Clock
from limes.errors import LimesError
from limes.registry.consent import ConsentRecord
from limes.registry.guard import may_share_personal_data
from limes.registry.model import Individual
from limes.sharing.guard import OutboundItem


class _Individuals(Protocol):
    def get(self, individual_id: str) -> Individual | None: ...


class _Consents(Protocol):
    def for_individual(self, individual_id: str) -> list[ConsentRecord]: ...


class RegistryLookup(Protocol):
    """The part of :class:`limes.registry.ports.RegistryUnitOfWork` the rule reads."""

    @property
    def individuals(self) -> _Individuals: ...

    @property
    def consents(self) -> _Consents: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


class RegistryPersonalDataRule:
    """:class:`limes.sharing.ports.PersonalDataRule` over the registry's records.

    ``registry_uow`` opens a registry unit of work (read only here); None means this node
    has no registry store, and every item naming a person is refused.
    """

    def __init__(self, registry_uow: Callable[[], RegistryLookup] | None, clock: Clock) -> None:
        self._registry_uow = registry_uow
        self._clock = clock

    def refusal_reason(self, item: OutboundItem) -> str | None:
        if not item.person_ids:
            return None
        if self._registry_uow is None:
            return (
                f"it names {len(item.person_ids)} person(s) and this node has no registry to "
                "check them against; personal data leaves only after that check (fail closed)"
            )
        today = self._clock.now().date()
        try:
            with self._registry_uow() as uow:
                for person_id in item.person_ids:
                    person = uow.individuals.get(person_id)
                    if person is None:
                        return f"person {person_id} is not in the registry (fail closed)"
                    decision = may_share_personal_data(
                        person,
                        item.receiver,
                        uow.consents.for_individual(person_id),
                        on=today,
                    )
                    if not decision.allowed:
                        return f"person {person_id}: {decision.reason}"
        except Exception as error:
            code = error.code if isinstance(error, LimesError) else type(error).__name__
            return f"the registry could not be read ({code}); refused (fail closed)"
        return None
