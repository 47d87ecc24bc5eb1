"""Correlation: detections fused per sector into tracks, tracks judged into alarms. Pure.

Deterministic: the same detections in the same order give the same alarms, with ids derived
from the detections (uuid5), and time read only from the detections and the clock port.
Each sector keeps its own state, so correlators scale out by sector (ARCHITECTURE.md,
"keyed by border sector"). Per detection the work is O(1) amortised plus O(log n) for
expiry: open tracks sit in chainage cells one gate wide, so only three cells are searched.

Rules (the numbers are :class:`CorrelationSettings`):

* A detection joins the nearest open track within ``gate_m`` of chainage and ``gate_s`` of
  time, else it starts a track.
* A track is an **intrusion** when its confidence (see :class:`~limes.surveillance.tracks.
  Evidence`) reaches ``alarm_confidence`` and either it crosses the line (offsets on both
  sides, moving consistently; the sign of the movement says into which party), or it stays
  still (within ``compact_m``, drifting along the line slower than ``still_m_s``) for
  ``dwell_s``, seen by two sensors of two kinds (cutting or climbing). One alarm per track.
* A track moving ``along_m`` along the line without crossing (a herd) that would otherwise
  be confident becomes one **nuisance** alarm; every other track closes silently, scored
  as nuisance (:class:`NuisanceScored`): wind and rain give weak, short, scattered signals.
* A detection older than the sector's newest minus ``lateness_s`` is rejected as late; a
  seen detection id is rejected as a duplicate.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from limes.clock import Clock
from limes.errors import Invalid
from limes.surveillance.errors import UnknownSector
from limes.surveillance.events import AlarmRaised, NuisanceScored, SurveillanceEvent
from limes.surveillance.heartbeats import HeartbeatWatch
from limes.surveillance.model import (
    Alarm,
    AlarmKind,
    Detection,
    Sector,
    Sensor,
    alarm_id,
    check_party,
)
from limes.surveillance.tracks import Track


@dataclass(frozen=True, slots=True)
class CorrelationSettings:
    """The correlator's thresholds. ``positive_offset_party`` is the state on the side of the
    line with positive offsets (the geography kernel's sign convention decides it)."""

    positive_offset_party: str = "IRQ"
    negative_offset_party: str = "SYR"
    gate_m: float = 150.0
    gate_s: float = 60.0
    lateness_s: float = 30.0
    track_timeout_s: float = 120.0
    alarm_confidence: float = 0.6
    min_across_m: float = 10.0
    min_consistency: float = 0.7
    dwell_s: float = 10.0
    compact_m: float = 30.0
    still_m_s: float = 0.2
    along_m: float = 100.0
    weak_strength: float = 0.35
    fault_after_intervals: float = 2.0

    def __post_init__(self) -> None:
        check_party(self.positive_offset_party, "positive_offset_party")
        check_party(self.negative_offset_party, "negative_offset_party")
        for name in ("gate_m", "gate_s", "track_timeout_s", "fault_after_intervals"):
            if not getattr(self, name) > 0:
                raise Invalid("must be positive", field=name)
        if self.lateness_s < 0:
            raise Invalid("must not be negative", field="lateness_s")
        # A late detection must still find the track it belongs to open.
        if self.track_timeout_s < self.lateness_s + self.gate_s:
            raise Invalid("must be at least lateness_s + gate_s", field="track_timeout_s")
        if not 0 < self.alarm_confidence <= 1:
            raise Invalid("must be in (0, 1]", field="alarm_confidence")


class Rejection(StrEnum):
    """Why the correlator did not take a detection (a dead-letter reason)."""

    DUPLICATE = "duplicate"
    LATE = "late"
    OUTSIDE_SECTORS = "outside_sectors"


@dataclass(frozen=True, slots=True)
class Ingested:
    """The result of offering one detection: taken or rejected, and what it caused."""

    rejection: Rejection | None
    events: tuple[SurveillanceEvent, ...] = ()

    @property
    def accepted(self) -> bool:
        return self.rejection is None


class SectorCorrelator:
    """The tracks of one sector. Not thread-safe: one sector, one worker."""

    def __init__(self, sector: Sector, settings: CorrelationSettings) -> None:
        self.sector = sector
        self.settings = settings
        self.watermark_s = float("-inf")
        self._tracks: dict[int, Track] = {}
        self._cells: dict[int, dict[int, Track]] = {}
        self._expiry: list[tuple[float, int]] = []
        self._seen: dict[str, float] = {}
        self._seen_order: deque[tuple[float, str]] = deque()
        self._next_seq = 0

    @property
    def open_tracks(self) -> int:
        return len(self._tracks)

    def ingest(self, detection: Detection) -> Ingested:
        s = self.settings
        t_s = detection.time.timestamp()
        if t_s < self.watermark_s - s.lateness_s:
            return Ingested(Rejection.LATE)
        if detection.id in self._seen:
            return Ingested(Rejection.DUPLICATE)
        self._seen[detection.id] = t_s
        self._seen_order.append((t_s, detection.id))
        events: list[SurveillanceEvent] = []
        if t_s > self.watermark_s:
            self.watermark_s = t_s
            self._forget_ids(t_s - s.lateness_s)
            self._expire(t_s - s.track_timeout_s, events)
        track = self._associate(detection, t_s)
        self._judge(track, events)
        return Ingested(None, tuple(events))

    def close_quiet_tracks(self, now_s: float) -> list[SurveillanceEvent]:
        """Close tracks quiet for ``track_timeout_s`` (plus lateness) before ``now_s``."""
        events: list[SurveillanceEvent] = []
        horizon = max(self.watermark_s, now_s - self.settings.lateness_s)
        self._expire(horizon - self.settings.track_timeout_s, events)
        return events

    def _forget_ids(self, cutoff_s: float) -> None:
        # An id older than the lateness horizon cannot recur: its duplicate would be late.
        order, seen = self._seen_order, self._seen
        while order and order[0][0] < cutoff_s:
            _, old = order.popleft()
            seen.pop(old, None)

    def _cell(self, chainage_m: float) -> int:
        return int(chainage_m // self.settings.gate_m)

    def _associate(self, detection: Detection, t_s: float) -> Track:
        s = self.settings
        c = detection.chainage_m
        cell = self._cell(c)
        best: Track | None = None
        best_key = (float("inf"), 0)
        for k in (cell - 1, cell, cell + 1):
            for seq, track in self._cells.get(k, {}).items():
                distance = abs(c - track.ref_c)
                if (
                    distance <= s.gate_m
                    and track.first_s - s.gate_s <= t_s <= track.last_s + s.gate_s
                    and (distance, seq) < best_key
                ):
                    best, best_key = track, (distance, seq)
        if best is None:
            seq = self._next_seq
            self._next_seq += 1
            best = Track(f"{self.sector.id}:{seq}", detection, t_s, cell)
            self._tracks[seq] = best
            self._cells.setdefault(cell, {})[seq] = best
            heapq.heappush(self._expiry, (t_s, seq))
            return best
        best.add(detection, t_s)
        moved_to = self._cell(best.ref_c)
        if moved_to != best.cell:
            seq = best_key[1]
            del self._cells[best.cell][seq]
            self._cells.setdefault(moved_to, {})[seq] = best
            best.cell = moved_to
        return best

    def _judge(self, track: Track, events: list[SurveillanceEvent]) -> None:
        if track.alarmed:
            return
        s = self.settings
        evidence = track.evidence(s.min_across_m, s.min_consistency)
        confidence = evidence.confidence
        if confidence < s.alarm_confidence:
            return
        at_one_spot = (
            evidence.along_m <= s.compact_m
            and evidence.duration_s >= s.dwell_s
            and abs(evidence.along_slope_m_s) <= s.still_m_s
            and evidence.sensors >= 2
            and evidence.kinds >= 2
        )
        if evidence.crossing or at_one_spot:
            heading = None
            reason = "activity at the line seen by two kinds of sensor"
            if evidence.crossing:
                positive = evidence.across_slope_m_s > 0
                heading = s.positive_offset_party if positive else s.negative_offset_party
                reason = f"crossing into {heading}"
            track.alarmed = True
            events.append(
                AlarmRaised(self._alarm(track, AlarmKind.INTRUSION, confidence, heading, reason))
            )
        elif evidence.along_m >= s.along_m and not track.nuisance_alarmed:
            track.nuisance_alarmed = True
            reason = "movement along the fence, not across it (animals or a herd)"
            events.append(
                AlarmRaised(self._alarm(track, AlarmKind.NUISANCE, confidence, None, reason))
            )

    def _alarm(
        self, track: Track, kind: AlarmKind, confidence: float, heading: str | None, reason: str
    ) -> Alarm:
        chainage_m, offset_m = track.crossing_point()
        return Alarm(
            id=alarm_id(self.sector.id, track.first_id, kind.value),
            kind=kind,
            sector_id=self.sector.id,
            chainage_m=max(0.0, chainage_m),
            offset_m=offset_m,
            time=track.last_time,
            confidence=confidence,
            heading_into=heading,
            detection_ids=tuple(track.detection_ids),
            sensor_ids=tuple(sorted(track.sensors)),
            reason=reason,
            track_id=track.id,
        )

    def _expire(self, cutoff_s: float, events: list[SurveillanceEvent]) -> None:
        expiry = self._expiry
        while expiry and expiry[0][0] < cutoff_s:
            last_s, seq = heapq.heappop(expiry)
            track = self._tracks.get(seq)
            if track is None:
                continue
            if track.last_s != last_s:
                heapq.heappush(expiry, (track.last_s, seq))
                continue
            del self._tracks[seq]
            del self._cells[track.cell][seq]
            if not self._cells[track.cell]:
                del self._cells[track.cell]
            if not track.alarmed and not track.nuisance_alarmed:
                events.append(self._nuisance(track))

    def _nuisance(self, track: Track) -> NuisanceScored:
        s = self.settings
        evidence = track.evidence(s.min_across_m, s.min_consistency)
        if evidence.strength < s.weak_strength:
            cause = "weak_signals"
        elif evidence.along_m >= s.along_m and not evidence.crossing:
            cause = "along_fence"
        else:
            cause = "uncorroborated"
        chainage_m, _ = track.crossing_point()
        return NuisanceScored(
            sector_id=self.sector.id,
            track_id=track.id,
            chainage_m=chainage_m,
            time=track.last_time,
            detections=track.n,
            confidence=evidence.confidence,
            cause=cause,
        )


class Correlator:
    """Routes detections to their sector's correlator and watches sensor heartbeats.

    Call :meth:`sweep` periodically (say every second): it closes quiet tracks and raises
    fault alarms for silent sensors, by the clock port's time.
    """

    def __init__(
        self,
        sectors: Sequence[Sector],
        clock: Clock,
        settings: CorrelationSettings | None = None,
        sensors: Iterable[Sensor] = (),
    ) -> None:
        if not sectors:
            raise Invalid("at least one sector is needed", field="sectors")
        self.settings = settings or CorrelationSettings()
        self._clock = clock
        ordered = sorted(sectors, key=lambda sector: sector.start_m)
        for before, after in itertools.pairwise(ordered):
            if after.start_m < before.end_m:
                raise Invalid(f"sector {after.id} overlaps sector {before.id}", field="sectors")
        self._starts = [sector.start_m for sector in ordered]
        self._sectors = [SectorCorrelator(sector, self.settings) for sector in ordered]
        self._watch = HeartbeatWatch(self.settings.fault_after_intervals, self.sector_for)
        for sensor in sensors:
            self.register_sensor(sensor)

    @property
    def sectors(self) -> tuple[Sector, ...]:
        """The sectors, north to south."""
        return tuple(correlator.sector for correlator in self._sectors)

    @property
    def open_tracks(self) -> int:
        """Tracks open in all sectors (a gauge for the node's metrics)."""
        return sum(correlator.open_tracks for correlator in self._sectors)

    def sector_for(self, chainage_m: float) -> Sector:
        """The sector containing ``chainage_m`` (the last one includes its end), or
        :class:`UnknownSector`."""
        found = self._find(chainage_m)
        if found is None:
            raise UnknownSector(
                f"no sector contains chainage {chainage_m:.0f} m", field="chainage_m"
            )
        return found.sector

    def sector_correlator(self, sector_id: str) -> SectorCorrelator:
        for correlator in self._sectors:
            if correlator.sector.id == sector_id:
                return correlator
        raise UnknownSector(f"no sector {sector_id!r}", field="sector_id")

    def _find(self, chainage_m: float) -> SectorCorrelator | None:
        i = bisect.bisect_right(self._starts, chainage_m) - 1
        if i < 0:
            return None
        correlator = self._sectors[i]
        sector = correlator.sector
        last = i == len(self._sectors) - 1
        if chainage_m < sector.end_m or (last and chainage_m == sector.end_m):
            return correlator
        return None

    def register_sensor(self, sensor: Sensor) -> None:
        """Watch ``sensor``'s heartbeat from now on; its sector must exist."""
        self._watch.register(sensor, self._clock.now().timestamp())

    def ingest(self, detection: Detection) -> Ingested:
        """Offer one detection; see the module's rules. A detection counts as a heartbeat."""
        correlator = self._find(detection.chainage_m)
        if correlator is None:
            return Ingested(Rejection.OUTSIDE_SECTORS)
        result = correlator.ingest(detection)
        if result.accepted:
            recovered = self._watch.heard(detection.sensor_id, detection.time)
            if recovered is not None:
                return Ingested(None, (*result.events, recovered))
        return result

    def heartbeat(self, sensor_id: str, time_at: datetime) -> list[SurveillanceEvent]:
        """Record a heartbeat; raises UnknownSensor for a sensor never registered."""
        recovered = self._watch.beat(sensor_id, time_at)
        return [recovered] if recovered is not None else []

    def sweep(self) -> list[SurveillanceEvent]:
        """Close quiet tracks in every sector and raise faults for silent sensors."""
        now = self._clock.now()
        now_s = now.timestamp()
        events: list[SurveillanceEvent] = []
        for correlator in self._sectors:
            events.extend(correlator.close_quiet_tracks(now_s))
        events.extend(AlarmRaised(alarm) for alarm in self._watch.faults(now))
        return events
