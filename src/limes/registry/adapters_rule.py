"""The registry's origin-country rule, as the sharing context's export guard asks for it.

Adapts :func:`limes.registry.guard.may_share_personal_data` to
:class:`limes.sharing.ports.PersonalDataRule`, and reads what is sent rather than what the
sender declares (issue #12):

The item is read as its typed model (:mod:`limes.sharing.items`), through the marks on
its fields: a field marked ``Personal("names_latin")`` holds personal data and says which
field of a person's record it discloses; a field marked free text holds words anyone
typed. Unmarked fields are closed (numbers, dates, enumerations, patterned codes).

1. every person the item declares (``person_ids``) is looked up; to a state that person
   must be protected from (their country of origin or nationality) the item is refused,
   unless a consent of theirs for a voluntary return is in effect, and then only when the
   registry fields its filled personal fields disclose are all among those the consent
   names;
2. statistics (``population_statistics``) that show a count from 1 to 4 are refused:
   disclosure control (:mod:`limes.registry.disclosure`) must have run before they leave;
3. the item's id and every text of every personal and free-text field is read for
   registration ids, household ids, document numbers and names of registered people
   (:mod:`limes.registry.exposure`; names through :mod:`limes.names`, Arabic and Latin);
   a person found there is judged as in 1, field by field.

It fails closed: an item that is not typed, a declared person id it cannot look up, or a
registry it cannot read, refuses the item. A node without a registry store has no one to
expose by name, so only items declaring persons are refused there.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import replace
from datetime import date
from typing import Protocol, Self

from limes.clock import Clock
from limes.errors import LimesError
from limes.registry.consent import ConsentRecord
from limes.registry.exposure import Exposure, exposures, lookup_terms, scan, small_counts
from limes.registry.guard import Decision, may_share_personal_data
from limes.registry.model import Individual
from limes.sharing.api import (
    DataCategory,
    OutboundItem,
    Personal,
    PersonalDataRefusal,
    SharedItem,
    disclosed_fields,
    marked_texts,
    typed_item,
)


class _Individuals(Protocol):
    def get(self, individual_id: str) -> Individual | None: ...


class _Consents(Protocol):
    def for_individual(self, individual_id: str) -> list[ConsentRecord]: ...


class _Candidates(Protocol):
    def candidates(
        self, identifiers: Collection[str], keys: Collection[str]
    ) -> list[Individual]: ...


class RegistryLookup(Protocol):
    """The part of :class:`limes.registry.ports.RegistryUnitOfWork` the rule reads."""

    @property
    def individuals(self) -> _Individuals: ...

    @property
    def consents(self) -> _Consents: ...

    @property
    def exposure(self) -> _Candidates: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


class RegistryPersonalDataRule:
    """:class:`limes.sharing.ports.PersonalDataRule` over the registry's records.

    ``registry_uow`` opens a registry unit of work (read only here); None means this node
    has no registry store.
    """

    def __init__(self, registry_uow: Callable[[], RegistryLookup] | None, clock: Clock) -> None:
        self._registry_uow = registry_uow
        self._clock = clock

    def refusal_reason(self, item: OutboundItem) -> PersonalDataRefusal | None:
        try:
            shared = typed_item(item)
        except LimesError as error:
            return PersonalDataRefusal(
                f"it is not a typed item ({error.message}); refused (fail closed)",
                error.field or "kind",
            )
        if item.category == DataCategory.POPULATION_STATISTICS:
            small = small_counts(shared.content(), "content")
            if small:
                return PersonalDataRefusal(
                    f"statistics show counts from 1 to 4 at {', '.join(small[:5])}; a small "
                    "cell can single a family out: publish the table with disclosure control",
                    small[0],
                )
        if self._registry_uow is None:
            if not item.person_ids:
                return None
            return PersonalDataRefusal(
                f"it names {len(item.person_ids)} person(s) and this node has no registry to "
                "check them against; personal data leaves only after that check (fail closed)",
                "person_ids",
            )
        try:
            with self._registry_uow() as uow:
                return self._judge(uow, item, shared, self._clock.now().date())
        except Exception as error:
            code = error.code if isinstance(error, LimesError) else type(error).__name__
            return PersonalDataRefusal(
                f"the registry could not be read ({code}); refused (fail closed)", "receiver"
            )

    def _judge(
        self, uow: RegistryLookup, item: OutboundItem, shared: SharedItem, today: date
    ) -> PersonalDataRefusal | None:
        carried = disclosed_fields(shared)
        for person_id in item.person_ids:
            person = uow.individuals.get(person_id)
            if person is None:
                return PersonalDataRefusal(
                    f"person {person_id} is not in the registry (fail closed)", "person_ids"
                )
            decision = self._decide(uow, person, item.receiver, today)
            # Only a consent limits the fields; a receiver the person need not be protected
            # from is the agreement's to decide (return_date is no field of the record).
            left_out = carried - decision.fields if decision.consent_id is not None else set()
            if not decision.allowed or left_out:
                return PersonalDataRefusal(
                    _why(person_id, decision, sorted(left_out)), "person_ids"
                )
        marked = list(marked_texts(shared))
        # What a personal field discloses is its mark's to say (a Latin name in
        # names_latin discloses names_latin, whichever of the person's chains it matched).
        discloses = {m.path: m.mark.discloses for m in marked if isinstance(m.mark, Personal)}
        scanned = scan([("item_id", item.item_id), *((m.path, m.text) for m in marked)])
        identifiers, keys = lookup_terms(scanned)
        for person in uow.exposure.candidates(identifiers, keys):
            if item.receiver not in person.protected_parties:
                continue
            found = [
                replace(e, registry_field=discloses.get(e.path, e.registry_field))
                for e in exposures(person, scanned)
            ]
            if not found:
                continue
            decision = self._decide(uow, person, item.receiver, today)
            refused = _first_refused(found, decision)
            if refused is not None:
                return PersonalDataRefusal(
                    f"{refused.path} holds the {refused.what} of person "
                    f"{person.individual_id}: "
                    + _why(person.individual_id, decision, [refused.registry_field]),
                    refused.path,
                )
        return None

    @staticmethod
    def _decide(uow: RegistryLookup, person: Individual, receiver: str, today: date) -> Decision:
        consents = uow.consents.for_individual(person.individual_id)
        return may_share_personal_data(person, receiver, consents, on=today)


def _first_refused(found: Iterable[Exposure], decision: Decision) -> Exposure | None:
    for exposure in found:
        if not decision.allowed or exposure.registry_field not in decision.fields:
            return exposure
    return None


def _why(person_id: str, decision: Decision, left_out: list[str]) -> str:
    if not decision.allowed:
        return f"person {person_id}: {decision.reason}"
    return (
        f"person {person_id}: {decision.reason}; the consent does not cover {', '.join(left_out)}"
    )
