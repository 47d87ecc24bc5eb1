"""Broker addresses: ``mqtt://host:port`` (plain) or ``mqtts://host:port`` (TLS)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from limes.errors import ConfigError


@dataclass(frozen=True, slots=True)
class BrokerAddress:
    host: str
    port: int
    tls: bool
    username: str | None = None
    password: str | None = None


def parse_mqtt_url(url: str) -> BrokerAddress:
    """The broker of ``url``; a URL that is not mqtt:// or mqtts:// is a ConfigError."""
    parts = urlsplit(url)
    if parts.scheme not in ("mqtt", "mqtts") or not parts.hostname:
        raise ConfigError("must look like mqtt://host:1883", field="mqtt_url")
    tls = parts.scheme == "mqtts"
    try:
        port = parts.port or (8883 if tls else 1883)
    except ValueError:
        raise ConfigError("the port must be a number", field="mqtt_url") from None
    return BrokerAddress(parts.hostname, port, tls, parts.username, parts.password)
