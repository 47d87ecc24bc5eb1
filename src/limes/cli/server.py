"""Serving a node: its web application under uvicorn with its background services. Used by
``limes serve``/``limes demo`` and by each node process of the pair demo."""

from __future__ import annotations

import socket

import uvicorn

from limes.bootstrap import Node, attach_background_services
from limes.errors import ConfigError
from limes.web.app import create_app


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


def run_server(node: Node, *, simulate: bool = False) -> None:
    """Serve the node's web application, with its background services, until interrupted.

    ``simulate`` (the demo) feeds the surveillance pipeline from the simulated world.
    """
    s = node.settings
    check_port_free(s.host, s.port)
    attach_background_services(node, simulate=simulate)
    # Forwarded headers are believed only from the proxies named in the settings: uvicorn
    # would otherwise take them from 127.0.0.1, and anyone on the node's machine could
    # choose the address sign-in throttling counts by (issue #13). No server banner.
    uvicorn.run(
        create_app(node),
        host=s.host,
        port=s.port,
        log_level=s.log_level,
        access_log=False,
        proxy_headers=bool(s.trusted_proxies.strip()),
        forwarded_allow_ips=s.trusted_proxies.strip() or None,
        server_header=False,
    )
