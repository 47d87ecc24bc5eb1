"""The application factory. No application exists until ``create_app`` is called."""

from __future__ import annotations

import importlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from types import ModuleType

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from limes import __version__
from limes.container import Node
from limes.contexts import folders_named, modules_named
from limes.web import csrf
from limes.web.errors import install_error_handlers
from limes.web.nav import NavItem
from limes.web.openapi_errors import document_errors
from limes.web.security_headers import SecurityHeaders

WEB_ROOT = Path(str(resources.files("limes.web")))


def _route_modules() -> list[ModuleType]:
    """The modules that serve HTTP: every registered context's ``http*`` then ``pages*``,
    then the node's own (:mod:`limes.web.system`, then :mod:`limes.web.pages`: sign-in and
    the map at ``/``)."""
    return [
        *modules_named("http"),
        *modules_named("pages"),
        importlib.import_module("limes.web.system"),
        importlib.import_module("limes.web.pages"),
    ]


def discover_nav() -> list[NavItem]:
    """Every ``NAV`` entry of the route modules, by order then path."""
    items: list[NavItem] = []
    for module in _route_modules():
        items.extend(i for i in getattr(module, "NAV", ()) if isinstance(i, NavItem))
    return sorted(items, key=lambda i: (i.order, i.path))


def discover_routers() -> list[APIRouter]:
    """The ``router`` of every route module, in the order of :func:`_route_modules`.

    A context adds its routes as ``http``/``pages`` modules in its own folder; nothing else
    needs editing, so contexts built side by side never touch the same file.
    """
    routers = []
    for module in _route_modules():
        router = getattr(module, "router", None)
        if isinstance(router, APIRouter):
            routers.append(router)
    return routers


def create_app(node: Node) -> FastAPI:
    """A FastAPI application serving ``node``: the API, OpenAPI at /docs, the dashboard."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        started = []
        try:
            for service in node.background:
                await service.start()
                started.append(service)
            yield
        finally:
            for service in reversed(started):
                await service.stop()

    app = FastAPI(
        lifespan=lifespan,
        title="limes",
        version=__version__,
        summary=f"Joint border management node of {node.settings.party}",
        description=(
            "Every route but /health and the sign-in routes needs a bearer token from "
            "POST /api/v1/auth/token. Errors have one shape: "
            '{"error": {"code", "message", "field"?}}. A request signed in with the '
            "dashboard's cookie rather than a bearer token must come from the node's own "
            "pages: forms carry a csrf_token (docs/security.md)."
        ),
        # One check for every route: another site cannot make a browser change anything.
        dependencies=[Depends(csrf.verify)],
    )
    app.state.node = node
    app.state.templates = Jinja2Templates(
        directory=[WEB_ROOT / "templates", *folders_named("templates")],
        context_processors=[csrf.template_context],
    )
    app.state.nav = discover_nav()
    app.state.live_hub = node.live_hub
    install_error_handlers(app)
    app.add_exception_handler(csrf.CsrfRefused, csrf.refused_answer)
    for router in discover_routers():
        document_errors(router)
        app.include_router(router)
    for folder in folders_named("static"):  # a context's own assets, before the shell's
        app.mount(f"/static/{folder.parent.name}", StaticFiles(directory=folder))
    app.mount("/static", StaticFiles(directory=WEB_ROOT / "static"), name="static")
    app.add_middleware(SecurityHeaders)

    @app.middleware("http")
    async def _measure(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        name = getattr(route, "path", "unmatched")
        node.metrics.http_requests.labels(name, str(response.status_code)).inc()
        node.metrics.http_latency.labels(name).observe(time.perf_counter() - started)
        return response

    return app
