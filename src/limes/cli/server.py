"""Serving a node: its web application under uvicorn with its background services. Used by
``limes serve``/``limes demo`` and by each node process of the pair demo."""

from __future__ import annotations

import socket

import uvicorn

from limes.adapters.partner.link import PartnerLink
from limes.adapters.partner.links import links_for_node
from limes.app.surveillance_service import SurveillanceService
from limes.app.web import create_app
from limes.container import Node
from limes.errors import ConfigError
from limes.surveillance.api import BorderPicture


def check_port_free(host: str, port: int) -> None:
    """Raise :class:`ConfigError` when ``host:port`` cannot be bound."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ConfigError(
                f"cannot listen on {host}:{port} ({exc.strerror}); "
                "is another node running? Choose another with --port or LIMES_PORT",
                field="port",
            ) from None


def attach_background_services(node: Node, *, simulate: bool = False) -> BorderPicture | None:
    """Choose the services a served node runs beside its HTTP server, from its settings.

    - the surveillance loop: MQTT ingest (``mqtt_url``) over the bus (``bus``), alarms to the
      live hub, Cursor-on-Target on ``cot_port``; with ``simulate`` (the demo) the simulated
      world feeds it directly and a roster of units is registered;
    - the partner link (idle until a partner's key document is imported).

    Returns the surveillance loop's border picture, for the application to show (None when
    a surveillance service was there already). Tests build nodes without them and add fakes
    to ``node.background`` as they need.
    """
    picture = None
    if not any(isinstance(service, SurveillanceService) for service in node.background):
        surveillance = SurveillanceService(node, simulate=simulate)
        picture = surveillance.picture
        node.background.append(surveillance)
    if not any(isinstance(service, PartnerLink) for service in node.background):
        node.background.extend(links_for_node(node))
    return picture


def run_server(node: Node, *, simulate: bool = False) -> None:
    """Serve the node's web application, with its background services, until interrupted.

    ``simulate`` (the demo) feeds the surveillance pipeline from the simulated world.
    """
    s = node.settings
    check_port_free(s.host, s.port)
    picture = attach_background_services(node, simulate=simulate)
    app = create_app(node)
    if picture is not None:
        app.state.border_picture = picture  # the picture the surveillance loop keeps
    # Forwarded headers are believed only from the proxies named in the settings: uvicorn
    # would otherwise take them from 127.0.0.1, and anyone on the node's machine could
    # choose the address sign-in throttling counts by (issue #13). No server banner.
    uvicorn.run(
        app,
        host=s.host,
        port=s.port,
        log_level=s.log_level,
        access_log=False,
        proxy_headers=bool(s.trusted_proxies.strip()),
        forwarded_allow_ips=s.trusted_proxies.strip() or None,
        server_header=False,
    )
