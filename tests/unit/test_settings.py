"""Settings: validated at start, one clear message, every setting documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from limes.errors import ConfigError
from limes.settings import Settings, load_settings

DOCS = Path(__file__).parents[2] / "docs" / "settings.md"


def test_defaults_speak_for_iraq_on_sqlite_in_the_data_folder(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    assert settings.party == "IRQ"
    assert settings.resolved_database_url == f"sqlite:///{(tmp_path / 'limes.db').resolve()}"
    assert settings.partner_party == "SYR"


def test_party_is_normalised_to_upper_case() -> None:
    assert load_settings(party="syr").party == "SYR"


@pytest.mark.parametrize(
    ("overrides", "field", "hint"),
    [
        ({"party": "Iraq"}, "party", "ISO 3166-1 alpha-3"),
        ({"party": "JOR"}, "partner", "LIMES_PARTNER"),
        ({"party": "JOR", "partner": "JOR"}, "partner", "another party"),
        ({"port": 70000}, "port", "65535"),
        ({"secret_key": "short"}, "secret_key", "at least 32"),
        ({"database_url": "mysql://x"}, "database_url", "postgresql"),
        ({"language": "fr"}, "language", "'en' or 'ar'"),
    ],
)
def test_a_bad_setting_names_itself_and_the_fix(
    overrides: dict[str, object], field: str, hint: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(**overrides)
    assert caught.value.field == field
    assert f"LIMES_{field.upper()}" in caught.value.message
    assert hint in caught.value.message


def test_environment_overrides_the_file_and_arguments_override_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "limes.toml"
    config.write_text('[limes]\nparty = "SYR"\nport = 9001\n', encoding="utf-8")
    monkeypatch.setenv("LIMES_PORT", "9002")
    settings = load_settings(config)
    assert (settings.party, settings.port) == ("SYR", 9002)
    assert load_settings(config, port=9003).port == 9003


def test_an_unknown_key_in_the_file_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "limes.toml"
    config.write_text('partie = "SYR"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="partie"):
        load_settings(config)


def test_a_missing_or_broken_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("party = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(broken)


def test_every_setting_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"`LIMES_([A-Z_]+)`", text))
    missing = {f.upper() for f in Settings.model_fields} - documented
    assert not missing, f"docs/settings.md lacks {sorted(missing)}"
