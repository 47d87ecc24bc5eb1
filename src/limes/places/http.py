"""The map's data as GeoJSON: the boundary, governorates and places."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from limes import geo
from limes.container import Node
from limes.places import services as places
from limes.places.model import Place, PlaceKind
from limes.web.security import CurrentUser, get_node

router = APIRouter(prefix="/api/v1/geo", tags=["geography"])


@router.get("/boundary")
def boundary(_user: CurrentUser) -> dict[str, Any]:
    """The boundary line as a GeoJSON Feature, with its length and source."""
    feature: dict[str, Any] = geo.load_boundary().as_geojson()
    return feature


@router.get("/governorates")
def governorates(_user: CurrentUser) -> dict[str, Any]:
    """The governorates of both parties as a GeoJSON FeatureCollection."""
    collection: dict[str, Any] = geo.load_governorates()
    return collection


def place_feature(place: Place) -> dict[str, Any]:
    """A place as a GeoJSON Feature."""
    return {
        "type": "Feature",
        "id": place.key,
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": {
            "key": place.key,
            "kind": place.kind.value,
            "name_en": place.name_en,
            "name_ar": place.name_ar,
            "party": place.party,
            "governorate": place.governorate,
            "source": place.source,
            "approximate": place.approximate,
            "population": place.population,
            "population_source": place.population_source,
        },
    }


@router.get("/places")
def list_places(
    _user: CurrentUser,
    node: Annotated[Node, Depends(get_node)],
    kind: PlaceKind | None = None,
) -> dict[str, Any]:
    """The stored places (crossing points, camps, towns) as a GeoJSON FeatureCollection."""
    return {
        "type": "FeatureCollection",
        "features": [place_feature(p) for p in places.list_places(node.uow(), kind)],
    }
