"""The one typed settings object of a limes node.

Settings come from, in order of precedence: keyword arguments (tests, the CLI), ``LIMES_*``
environment variables, an optional TOML file (``LIMES_CONFIG_FILE`` or ``--config``), and
the defaults below. Every field is documented in ``docs/settings.md``; a test fails when one
is missing there. Validation happens once, at start, and a bad value becomes one
:class:`~limes.errors.ConfigError` line that says which setting and how to fix it.
"""

from __future__ import annotations

import re
import secrets
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from limes.errors import ConfigError

PARTY_PATTERN = re.compile(r"^[A-Z]{3}$")

# The parties a node can speak for in the default scenario. A party is an ISO 3166-1 alpha-3
# code; other pairs need their own geography (see docs/geodata.md).
KNOWN_PARTIES = ("IRQ", "SYR")


class Settings(BaseSettings):
    """What a node needs to start. Frozen: build a new one to change anything."""

    model_config = SettingsConfigDict(env_prefix="LIMES_", frozen=True, extra="forbid")

    party: str = Field(
        default="IRQ",
        description=(
            "The state (or agency) this node speaks for, as an ISO 3166-1 alpha-3 code: IRQ or "
            "SYR in the default scenario; a third state such as JOR or TUR is a partner too."
        ),
    )
    partner: str | None = Field(
        default=None,
        validate_default=True,
        description=(
            "The party this node's partner link sends to by default. Empty: the other state "
            "of the default scenario (SYR for IRQ, IRQ for SYR); required for any other party."
        ),
    )
    data_dir: Path = Field(
        default=Path("limes-data"),
        description="Folder for the node's own files: the SQLite database, keys, exports.",
    )
    database_url: str | None = Field(
        default=None,
        description=(
            "SQLAlchemy URL of the store. Empty: SQLite in WAL mode at DATA_DIR/limes.db. "
            "For PostgreSQL: postgresql+psycopg://user@host:5432/dbname."
        ),
    )
    host: str = Field(default="127.0.0.1", description="Address the HTTP server binds to.")
    port: int = Field(default=8000, ge=1, le=65535, description="TCP port of the HTTP server.")
    secret_key: str | None = Field(
        default=None,
        description=(
            "Secret for signing session cookies, at least 32 characters. Empty: a random key "
            "is generated once and kept in DATA_DIR/secret_key."
        ),
    )
    token_ttl_s: int = Field(
        default=8 * 3600, ge=60, description="Lifetime of an API bearer token, in seconds."
    )
    login_attempts_per_minute: int = Field(
        default=5,
        ge=1,
        description="Failed sign-ins allowed per account name from one client address per minute.",
    )
    login_address_failures_per_hour: int = Field(
        default=30,
        ge=1,
        description="Failed sign-ins allowed from one client address per hour, whatever the "
        "accounts: stops one address spraying a password over many accounts.",
    )
    login_account_failures_per_hour: int = Field(
        default=20,
        ge=1,
        description="Failed sign-ins on one account per hour, whatever the addresses; over it, "
        "only addresses that have not failed on the account may try.",
    )
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated addresses of reverse proxies whose X-Forwarded-For and "
        "X-Forwarded-Proto headers are believed. Empty: no header is believed, the client "
        "address is the connection's.",
    )
    language: Literal["en", "ar"] = Field(
        default="en", description="Default interface language (en or ar; users can switch)."
    )
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        default="info", description="Log level of the node."
    )
    mqtt_url: str | None = Field(
        default=None,
        description=(
            "MQTT broker the sensors publish to, e.g. mqtt://127.0.0.1:1883. Empty: no broker; "
            "the demo's simulator feeds the in-process bus directly."
        ),
    )
    bus: Literal["memory", "nats"] = Field(
        default="memory",
        description="Event bus: 'memory' (in-process, the embedded default) or 'nats' (JetStream).",
    )
    nats_url: str = Field(
        default="nats://127.0.0.1:4222", description="NATS server, when LIMES_BUS is 'nats'."
    )
    cot_port: int | None = Field(
        default=None,
        ge=1,
        le=65535,
        description="TCP port serving Cursor-on-Target to TAK clients. Empty: off.",
    )
    screening_hit_threshold: float = Field(
        default=0.86, ge=0, le=1, description="Screening score from which a match is a hit."
    )
    screening_possible_threshold: float = Field(
        default=0.75,
        ge=0,
        le=1,
        description="Screening score from which a match is shown as possible (below a hit).",
    )
    partner_url: str | None = Field(
        default=None,
        description="Base URL of the partner state's node, e.g. http://127.0.0.1:8001.",
    )
    config_file: Path | None = Field(
        default=None, description="Optional TOML file with any of these settings (lower case keys)."
    )

    @field_validator("party")
    @classmethod
    def _party_is_known(cls, value: str) -> str:
        value = value.strip().upper()
        if not PARTY_PATTERN.match(value):
            raise ValueError("must be an ISO 3166-1 alpha-3 code such as IRQ or SYR")
        return value

    @field_validator("partner")
    @classmethod
    def _partner_is_a_party(cls, value: str | None, info: ValidationInfo) -> str | None:
        party = info.data.get("party")
        value = value.strip().upper() if value and value.strip() else None
        if value is None:
            if party is not None and party not in KNOWN_PARTIES:
                raise ValueError(
                    f"party {party} is not of the default scenario "
                    f"({', '.join(KNOWN_PARTIES)}): set partner (LIMES_PARTNER) to the party "
                    "it sends to"
                )
            return None
        if not PARTY_PATTERN.match(value):
            raise ValueError("must be an ISO 3166-1 alpha-3 code such as IRQ or SYR")
        if value == party:
            raise ValueError("must be another party than this node's own")
        return value

    @field_validator("mqtt_url")
    @classmethod
    def _mqtt_url_is_mqtt(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        assert value is not None
        if not value.startswith(("mqtt://", "mqtts://")):
            raise ValueError("must look like mqtt://host:1883")
        return value

    @field_validator("secret_key")
    @classmethod
    def _secret_is_long(cls, value: str | None) -> str | None:
        if value is not None and len(value) < 32:
            raise ValueError("must be at least 32 characters (leave it empty to generate one)")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url_is_known(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        assert value is not None
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("must start with sqlite:// or postgresql+psycopg://")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings)

    @property
    def resolved_database_url(self) -> str:
        """The URL the store connects to: the setting, or SQLite inside the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'limes.db').resolve()}"

    @property
    def partner_party(self) -> str:
        """The party the partner link sends to by default: ``partner``, or the other state
        of the default scenario."""
        if self.partner is not None:
            return self.partner
        return next(p for p in KNOWN_PARTIES if p != self.party)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist", field="config_file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"config file {path} is not valid TOML: {exc}", field="config_file"
        ) from None
    table = data.get("limes", data)
    if not isinstance(table, dict):
        raise ConfigError(f"config file {path}: [limes] must be a table", field="config_file")
    return table


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Build and validate the settings; raise :class:`ConfigError` naming the bad one.

    Precedence: ``overrides`` > ``LIMES_*`` environment > the TOML file > defaults.
    """
    import os  # noqa: PLC0415 - read the environment only when asked to, never at import

    file_path = config_file or (
        Path(os.environ["LIMES_CONFIG_FILE"]) if os.environ.get("LIMES_CONFIG_FILE") else None
    )
    from_file = _read_toml(file_path) if file_path else {}
    env_names = {name for name in Settings.model_fields if f"LIMES_{name.upper()}" in os.environ}
    merged = {k: v for k, v in from_file.items() if k not in env_names}
    merged.update({k: v for k, v in overrides.items() if v is not None})
    if file_path:
        merged["config_file"] = file_path
    try:
        return Settings(**merged)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(part) for part in first["loc"]) or "settings"
        message = first["msg"].removeprefix("Value error, ")
        raise ConfigError(f"setting {name} (LIMES_{name.upper()}) {message}", field=name) from None


def ensure_secret_key(settings: Settings) -> str:
    """Return the configured secret, or the one kept in the data folder (made on first use)."""
    if settings.secret_key:
        return settings.secret_key
    path = settings.data_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    key = secrets.token_urlsafe(48)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key
