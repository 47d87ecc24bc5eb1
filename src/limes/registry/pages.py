"""The registry's dashboard pages: the clerk's registration form (both scripts, live
duplicate warnings), the supervisor's review of suspected duplicates, and the analyst's
statistics with tables and plain SVG charts.

The registration and review pages are shells that ``static/registry/registry.js`` fills
from the JSON API (``/api/v1/registry``), which decides in the end who may do what. The
statistics page is drawn here from the protected table, so what is shown is what may be
published; it says so when the registry is a scaled synthetic sample.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from limes.access import api as access
from limes.access.api import Role, TokenInvalid, User
from limes.container import Node
from limes.registry.disclosure import COLUMNS, DisclosureMethod, PublishedTable
from limes.registry.http_statistics import statistics_table
from limes.registry.lifecycle import Status
from limes.registry.locations import LocationLevel
from limes.registry.model import RelationshipToHead, Sex
from limes.registry.review import RegistryStore
from limes.web.i18n import Translator, catalogue
from limes.web.nav import NavItem
from limes.web.pages import LANG_COOKIE, templates, translator
from limes.web.security import COOKIE_NAME, get_node

router = APIRouter(include_in_schema=False)

CLERKS = (Role.REGISTRY_CLERK, Role.REGISTRY_SUPERVISOR)
SUPERVISORS = (Role.REGISTRY_SUPERVISOR,)
ANALYSTS = (Role.ANALYST, Role.REGISTRY_SUPERVISOR)
STRING_PREFIX = "reg."
NAV = [
    NavItem("reg.nav_register", "/registry/register", roles=CLERKS, order=40),
    NavItem("reg.nav_review", "/registry/review", roles=SUPERVISORS, order=41),
    NavItem("reg.nav_statistics", "/registry/statistics", roles=ANALYSTS, order=42),
]
NodeDep = Annotated[Node, Depends(get_node)]
_AGE_BANDS = ("0_4", "5_11", "12_17", "18_59", "60")


def _signed_in(request: Request, node: Node) -> User | None:
    token = request.cookies.get(COOKIE_NAME)
    if not token:
        return None
    try:
        return access.authenticate(node.uow(), node.clock, token=token, secret_key=node.secret_key)
    except TokenInvalid:
        return None


def page_strings(t: Translator) -> dict[str, str]:
    """The pages' strings for the script: every ``reg.`` key, in ``t``'s language."""
    keys = sorted(k for k in catalogue("en") if k.startswith(STRING_PREFIX))
    return {key.removeprefix(STRING_PREFIX): t(key) for key in keys}


def _page(
    request: Request,
    node: Node,
    template: str,
    roles: tuple[Role, ...],
    context: dict[str, Any] | None = None,
) -> Response:
    user = _signed_in(request, node)
    if user is None:
        return RedirectResponse("/login", status_code=303)
    t = translator(request, node)
    allowed = user.has_role(*roles)
    values: dict[str, Any] = {"t": t, "node": node, "user": user, "allowed": allowed}
    if allowed:
        values.update(context or {})
        values["config"] = {"lang": t.language, "strings": page_strings(t)}
    page = templates(request).TemplateResponse(
        request, template, values, status_code=200 if allowed else 403
    )
    page.set_cookie(LANG_COOKIE, t.language, samesite="strict", max_age=365 * 86400)
    return page


@router.get("/registry/register", response_class=HTMLResponse)
def register_page(request: Request, node: NodeDep) -> Response:
    """The clerk's registration form."""
    uow = node.get(RegistryStore)
    with uow:
        tree = uow.locations.tree()
    camps = sorted(
        ((p.key, p.name_en, p.name_ar) for p in tree if p.level is LocationLevel.CAMP),
        key=lambda c: c[1],
    )
    return _page(
        request,
        node,
        "registry_register.html",
        CLERKS,
        {
            "camps": camps,
            "statuses": [s.value for s in Status if s is not Status.RETURNEE],
            "relationships": [r.value for r in RelationshipToHead],
            "sexes": [s.value for s in Sex],
        },
    )


@router.get("/registry/review", response_class=HTMLResponse)
def review_page(request: Request, node: NodeDep) -> Response:
    """The supervisor's queue of suspected duplicates."""
    return _page(request, node, "registry_review.html", SUPERVISORS)


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, value, and length as a share of the longest (0..1)."""

    label: str
    value: int
    share: float


def _bars(pairs: list[tuple[str, int]]) -> list[Bar]:
    top = max((v for _, v in pairs), default=0) or 1
    return [Bar(label, value, value / top) for label, value in pairs]


def charts(published: PublishedTable) -> dict[str, list[Bar]]:
    """Bars by population type, by location, and by sex and age band (the pyramid), from
    the published values only (a suppressed cell adds nothing)."""
    by_type: dict[str, int] = {}
    by_place: dict[str, int] = {}
    for r, key in enumerate(published.keys):
        shown = published.cell(r, "total") or 0
        kind = key.population_type.value
        by_type[kind] = by_type.get(kind, 0) + shown
        by_place[key.location_name] = by_place.get(key.location_name, 0) + shown
    total = published.row(-1)
    pyramid = []
    for band in _AGE_BANDS:
        pyramid.append((f"f_{band}", total.get(f"f_{band}") or 0))
        pyramid.append((f"m_{band}", total.get(f"m_{band}") or 0))
    return {
        "type": _bars(sorted(by_type.items(), key=lambda kv: -kv[1])),
        "place": _bars(sorted(by_place.items(), key=lambda kv: -kv[1])),
        "pyramid": _bars(pyramid),
    }


@router.get("/registry/statistics", response_class=HTMLResponse)
def statistics_page(
    request: Request, node: NodeDep, method: str = "round_up", returns: bool = False
) -> Response:
    """The analyst's statistics: protected tables, charts, the HXL download."""
    user = _signed_in(request, node)
    context: dict[str, Any] = {}
    if user is not None and user.has_role(*ANALYSTS):
        chosen = DisclosureMethod(method) if method in {"round_up", "suppress"} else None
        chosen = chosen or DisclosureMethod.ROUND_UP
        uow = node.get(RegistryStore)
        published, scale = statistics_table(uow, node, chosen, LocationLevel.CAMP, returns)
        context = {
            "published": published,
            "rows": [(key, published.row(r)) for r, key in enumerate(published.keys)],
            "total": published.row(-1),
            "columns": COLUMNS,
            "scale": scale,
            "method": chosen.value,
            "returns": returns,
            "charts": charts(published),
        }
    return _page(request, node, "registry_statistics.html", ANALYSTS, context)
