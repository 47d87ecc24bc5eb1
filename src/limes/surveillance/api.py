"""What other contexts may use of surveillance: its published domain, nothing else.

Other contexts import this module only (an import-linter contract holds it); every
name here is defined in the module it comes from."""

from __future__ import annotations

from limes.surveillance.correlation import CorrelationSettings, Correlator, Rejection
from limes.surveillance.errors import AlarmNotFound, AlarmStatusConflict
from limes.surveillance.events import AlarmRaised, NuisanceScored, SurveillanceEvent
from limes.surveillance.layout import Layout, generate_layout
from limes.surveillance.model import (
    Alarm,
    AlarmKind,
    AlarmStatus,
    Detection,
    Sector,
    Sensor,
    SignalKind,
)
from limes.surveillance.picture import BorderPicture
from limes.surveillance.ports import AlarmRepository, SurveillanceUnitOfWork
from limes.surveillance.services import acknowledge_alarm, close_alarm

__all__ = [
    "Alarm",
    "AlarmKind",
    "AlarmNotFound",
    "AlarmRaised",
    "AlarmRepository",
    "AlarmStatus",
    "AlarmStatusConflict",
    "BorderPicture",
    "CorrelationSettings",
    "Correlator",
    "Detection",
    "Layout",
    "NuisanceScored",
    "Rejection",
    "Sector",
    "Sensor",
    "SignalKind",
    "SurveillanceEvent",
    "SurveillanceUnitOfWork",
    "acknowledge_alarm",
    "close_alarm",
    "generate_layout",
]
