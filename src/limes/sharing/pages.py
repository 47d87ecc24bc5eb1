"""The liaison officer's page: agreements with the partner, the partner's reachability,
the joint picture (this node's shared items and the partner's, with their origin), and
what the partner shared beside the border line (watchlist hits, seizure and population
statistics, return notices, visa keys), each with its originator.

The page is rendered once on the server and kept fresh by ``static/sharing/sharing.js``,
which calls the exchange API with the same cookie token.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from limes.access import api as access
from limes.access.api import Role, TokenInvalid
from limes.adapters.partner.ledger import exchange_ledger
from limes.adapters.partner.views import (
    joint_picture,
    partner_status,
    received_items,
    sharing_uow,
)
from limes.container import Node
from limes.sharing import services
from limes.sharing.http import agreement_out
from limes.web.i18n import Translator, choose_language
from limes.web.nav import NavItem
from limes.web.security import COOKIE_NAME, get_node

router = APIRouter(include_in_schema=False)
NAV = [
    NavItem("nav.sharing", "/sharing", roles=(Role.LIAISON_OFFICER, Role.ADMINISTRATOR), order=60)
]


@router.get("/sharing", response_class=HTMLResponse)
def sharing_page(request: Request, node: Annotated[Node, Depends(get_node)]) -> Response:
    """Agreements, the partner's status, the joint picture and the ledger of the exchange;
    liaison officers and administrators."""
    token = request.cookies.get(COOKIE_NAME)
    try:
        if not token:
            raise TokenInvalid()
        user = access.authenticate(node.uow(), node.clock, token=token, secret_key=node.secret_key)
    except TokenInvalid:
        return RedirectResponse("/login", status_code=303)
    access.require_role(user, Role.LIAISON_OFFICER, Role.ADMINISTRATOR)
    language = choose_language(
        request.query_params.get("lang"),
        request.cookies.get("limes_lang"),
        node.settings.language,
    )
    agreements = services.agreements_with(sharing_uow(node), node.settings.partner_party)
    return request.app.state.templates.TemplateResponse(  # type: ignore[no-any-return]
        request,
        "sharing.html",
        {
            "t": Translator(language),
            "node": node,
            "user": user,
            "partner": partner_status(node),
            "agreements": [agreement_out(a, node) for a in agreements],
            "picture": joint_picture(node, limit=50),
            "received": [i for i in received_items(node, limit=100) if not i["near_boundary"]],
            "ledger": exchange_ledger(node),
        },
    )
