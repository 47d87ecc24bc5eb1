"""The committed geography is what scripts/build_geodata.py makes of the packages.

The governorates come from an npm package fetched at build time, so they are not rebuilt
here; the boundary, the places and the camp figures are rebuilt offline from the
installed PyPI packages and ../shared/data/unhcr.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPTS = ROOT / "scripts"


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def build_geodata(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    # The script imports its sibling build_scenario_figures, as it does when run.
    monkeypatch.syspath_prepend(str(SCRIPTS))
    return load_script("build_geodata")


def test_the_boundary_and_places_rebuild_to_the_committed_files(
    build_geodata: ModuleType,
) -> None:
    feature, boundary = build_geodata.build_boundary()
    governorates = build_geodata.json.loads(
        (build_geodata.GEO_DATA / "governorates.geojson").read_text(encoding="utf-8")
    )
    places = build_geodata.build_places(boundary, governorates, build_geodata.geonames_cities())
    committed = build_geodata.GEO_DATA
    assert build_geodata.dump(feature) == (committed / "boundary.geojson").read_text("utf-8")
    assert build_geodata.dump(places) == (committed / "places.json").read_text("utf-8")


def test_the_camp_figures_rebuild_to_the_committed_file() -> None:
    figures = load_script("build_scenario_figures")
    # CI lays shared/ beside the clone, as on a developer's machine: its absence is a failure.
    assert (figures.UNHCR_DIR / "demographics_irq_syr.csv").exists(), figures.UNHCR_DIR
    path, text = figures.camp_population_file()
    assert path.read_text(encoding="utf-8") == text
