"""What the cargo context needs from the outside, as protocols."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Protocol

from limes.cargo.model import Declaration, Driver, DriverCheck, LaneRecord, Seizure, Status, TipOff
from limes.cargo.risk import History, RiskProfile
from limes.cargo.targeting import TargetingSettings
from limes.unit_of_work import UnitOfWork


class DeclarationRepository(Protocol):
    def add(self, declaration: Declaration) -> None:
        """Store a new declaration (its id is new)."""
        ...

    def get(self, declaration_id: str) -> Declaration | None: ...

    def save(self, declaration: Declaration) -> None:
        """Replace a stored declaration by its new state (same id)."""
        ...

    def recent(
        self, *, status: Status | None = None, crossing_key: str | None = None, limit: int = 200
    ) -> list[Declaration]:
        """Newest first."""
        ...

    def lanes_between(self, start: datetime, end: datetime) -> list[LaneRecord]:
        """Every truck that arrived in [start, end) and was given a lane, oldest first."""
        ...

    def red_on(self, crossing_key: str, day: date) -> int:
        """How many trucks the crossing's red lane was given on ``day`` (UTC)."""
        ...

    def history(self, declaration: Declaration, *, since: datetime) -> History:
        """What earlier declarations, seizures found since ``since``, and the active tip-offs
        say of this truck and its parties."""
        ...

    def outbound(self, *, limit: int = 500) -> list[Declaration]:
        """Declarations filed for trucks leaving to the partner, not rejected, newest first."""
        ...

    def outcomes(self) -> list[Declaration]:
        """Every examined declaration (found or clean), oldest first: what the score
        learns from."""
        ...

    def profile_tallies(self) -> dict[str, tuple[int, int, int]]:
        """Per profile id: the trucks it fired on, how many of them were examined, and how
        many were found carrying something."""
        ...

    def outcome_count(self) -> int:
        """How many declarations were examined (found or clean)."""
        ...

    def carnet_in_use(self, carnet: str, declaration_id: str) -> bool:
        """True when another open declaration carries the same TIR carnet."""
        ...


class SeizureRepository(Protocol):
    def add(self, seizure: Seizure) -> None: ...

    def of_declaration(self, declaration_id: str) -> list[Seizure]:
        """The seizures from one truck, oldest first."""
        ...

    def recent(self, *, limit: int = 500) -> list[Seizure]:
        """Newest first."""
        ...


class ProfileRepository(Protocol):
    def add(self, profile: RiskProfile) -> None: ...

    def get(self, profile_id: str) -> RiskProfile | None: ...

    def save(self, profile: RiskProfile) -> None: ...

    def all(self) -> list[RiskProfile]: ...


class TipOffRepository(Protocol):
    def add(self, tip_off: TipOff) -> None: ...

    def get(self, tip_off_id: str) -> TipOff | None: ...

    def save(self, tip_off: TipOff) -> None: ...

    def recent(self, *, limit: int = 200) -> list[TipOff]:
        """Active and withdrawn, newest first."""
        ...


class SettingsRepository(Protocol):
    def get(self) -> TargetingSettings: ...

    def put(self, settings: TargetingSettings) -> None: ...


class AuditPort(Protocol):
    def record(self, kind: str, *, actor: str, subject: str, details: Mapping[str, str]) -> None:
        """Write one entry to the node's audit log, in this transaction."""
        ...


class CargoUnitOfWork(UnitOfWork, Protocol):
    @property
    def declarations(self) -> DeclarationRepository: ...

    @property
    def seizures(self) -> SeizureRepository: ...

    @property
    def profiles(self) -> ProfileRepository: ...

    @property
    def settings(self) -> SettingsRepository: ...

    @property
    def tip_offs(self) -> TipOffRepository: ...

    @property
    def audit(self) -> AuditPort: ...


class CrossingsPort(Protocol):
    def status(self, crossing_key: str) -> str | None:
        """``open`` or ``closed`` for a crossing point of this node; None when unknown."""
        ...


class RandomSource(Protocol):
    def draw(self) -> float:
        """A number in [0, 1), uniformly."""
        ...


class IdGenerator(Protocol):
    def new_id(self, prefix: str) -> str: ...


class DriverScreening(Protocol):
    def check(self, driver: Driver) -> DriverCheck:
        """Screen ``driver`` against the node's watchlists (a hit opens a review case for
        the screening analyst, as a traveller's does)."""
        ...
