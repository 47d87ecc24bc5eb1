"""Who on a node may read shared items of each category (issue #13): the joint picture is
shown by role and category, like the data it came from, so a border officer does not read
through the exchange what the registry refuses them. Administrators read everything."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from limes.access.api import Role, User
from limes.sharing.agreements import DataCategory

CUSTOMS_OFFICER = Role.declare("customs_officer")
"""The cargo context's role (``limes.cargo.model``), named here because a context does not
import its sibling: declaring a role again gives the same role."""

READERS: Mapping[str, frozenset[Role]] = {
    DataCategory.ALARMS_NEAR_BOUNDARY.value: frozenset(
        {Role.OPERATIONS_COMMANDER, Role.LIAISON_OFFICER, Role.ANALYST, Role.BORDER_OFFICER}
    ),
    DataCategory.INCIDENTS_NEAR_BOUNDARY.value: frozenset(
        {Role.OPERATIONS_COMMANDER, Role.LIAISON_OFFICER, Role.ANALYST}
    ),
    DataCategory.SEIZURE_STATISTICS.value: frozenset(
        {Role.OPERATIONS_COMMANDER, Role.LIAISON_OFFICER, Role.ANALYST}
    ),
    DataCategory.WATCHLIST_HITS.value: frozenset({Role.LIAISON_OFFICER, Role.ANALYST}),
    DataCategory.VISA_SIGNING_KEYS.value: frozenset(
        {Role.CONSULAR_OFFICER, Role.BORDER_OFFICER, Role.LIAISON_OFFICER}
    ),
    DataCategory.VISA_REVOCATIONS.value: frozenset(
        {Role.CONSULAR_OFFICER, Role.BORDER_OFFICER, Role.LIAISON_OFFICER}
    ),
    DataCategory.POPULATION_STATISTICS.value: frozenset(
        {Role.ANALYST, Role.LIAISON_OFFICER, Role.REGISTRY_SUPERVISOR}
    ),
    DataCategory.CARGO_PRE_ARRIVAL.value: frozenset(
        {CUSTOMS_OFFICER, Role.ANALYST, Role.LIAISON_OFFICER}
    ),
    DataCategory.CARGO_SEIZURES.value: frozenset(
        {CUSTOMS_OFFICER, Role.ANALYST, Role.LIAISON_OFFICER, Role.OPERATIONS_COMMANDER}
    ),
}
"""The roles that read each category; a category not listed is the liaison officer's."""


def may_read(user: User, category: str) -> bool:
    """Whether ``user`` may read a shared item of ``category``."""
    return user.has_role(*READERS.get(category, frozenset({Role.LIAISON_OFFICER})))


def readable(user: User, items: Iterable[Mapping[str, object]]) -> list[Mapping[str, object]]:
    """The items of the joint picture ``user`` may read."""
    return [item for item in items if may_read(user, str(item.get("category", "")))]
