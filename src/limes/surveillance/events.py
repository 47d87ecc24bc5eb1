"""What happened in surveillance, past tense. Published on the bus by the service layer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from limes.surveillance.model import Alarm


@dataclass(frozen=True, slots=True)
class AlarmRaised:
    """The correlator raised ``alarm`` (an intrusion, a fault or a scored nuisance)."""

    alarm: Alarm


@dataclass(frozen=True, slots=True)
class NuisanceScored:
    """A track closed without an alarm: its signals were scored as nuisance.

    ``cause`` is ``weak_signals`` (wind, rain, a lone animal) or ``along_fence`` (a herd
    moving along the line rather than across it). Counted, not shown to operators.
    """

    sector_id: str
    track_id: str
    chainage_m: float
    time: datetime
    detections: int
    confidence: float
    cause: str


@dataclass(frozen=True, slots=True)
class SensorRecovered:
    """A sensor that had raised a fault was heard again."""

    sensor_id: str
    time: datetime


@dataclass(frozen=True, slots=True)
class AlarmStatusChanged:
    """An operator acknowledged or closed an alarm."""

    alarm: Alarm


SurveillanceEvent = AlarmRaised | NuisanceScored | SensorRecovered | AlarmStatusChanged
