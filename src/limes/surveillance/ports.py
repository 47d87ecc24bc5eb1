"""What the surveillance context needs from outside: the boundary's geometry and a store.

The geometry is the shared geography kernel's ``Boundary`` (``limes.geo``); the
surveillance context depends only on this protocol, so it is tested on a fake straight
line and never imports the kernel.
"""

from __future__ import annotations

from typing import Protocol

from limes.surveillance.model import Alarm, AlarmStatus


class StationLike(Protocol):
    """A place on the border as chainage and signed offset, in metres."""

    @property
    def chainage_m(self) -> float: ...

    @property
    def offset_m(self) -> float: ...


class BoundaryLine(Protocol):
    """The border as a line measured from its northern end.

    Positions are WGS 84 longitude and latitude in degrees; chainage and offset in metres.
    """

    @property
    def length_m(self) -> float:
        """The length of the line in metres."""
        ...

    def locate(self, lon: float, lat: float) -> StationLike:
        """The chainage of the nearest point of the line, and the signed distance to it."""
        ...

    def position(self, chainage_m: float, offset_m: float) -> tuple[float, float]:
        """The (lon, lat) at ``chainage_m`` along the line, ``offset_m`` off it (signed)."""
        ...


class AlarmRepository(Protocol):
    """Stored alarms, by id."""

    def get(self, alarm_id: str) -> Alarm | None:
        """The alarm with ``alarm_id``, or None."""
        ...

    def put(self, alarm: Alarm) -> None:
        """Insert the alarm, or replace the stored one with the same id."""
        ...

    def list(self, sector_id: str | None = None, status: AlarmStatus | None = None) -> list[Alarm]:
        """Alarms (of ``sector_id`` and ``status``, when given), newest first."""
        ...


class SurveillanceUnitOfWork(Protocol):
    """A transaction over alarms; rolled back unless committed."""

    alarms: AlarmRepository

    def __enter__(self) -> SurveillanceUnitOfWork: ...

    def __exit__(self, *exc: object) -> None: ...

    def commit(self) -> None:
        """Make the work done so far durable."""
        ...
