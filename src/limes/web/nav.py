"""Links in the dashboard's top bar, declared by each page module."""

from __future__ import annotations

from dataclasses import dataclass

from limes.access.api import Role, User


@dataclass(frozen=True)
class NavItem:
    """A link in the dashboard's top bar: label key (see locales), path, who may see it.

    A page module declares ``NAV = [NavItem(...)]`` beside its ``router``; an empty
    ``roles`` means every signed-in account.
    """

    label_key: str
    path: str
    roles: tuple[Role, ...] = ()
    order: int = 50

    def visible_to(self, user: User) -> bool:
        return not self.roles or user.has_role(*self.roles)
