"""A track: detections fused because they lie close in chainage and time. Pure.

A track keeps running sums instead of its detections, so adding one is O(1) whatever the
arrival order: the least-squares slope of offset against time (movement across the line)
and of chainage against time (movement along it) come from the sums, and neither depends
on the order detections arrive in. That is what lets late detections join a track without
re-sorting anything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from limes.surveillance.model import Detection

MAX_LISTED_DETECTIONS = 100  # an alarm lists at most this many detections behind it


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a track shows, as numbers the correlator's rules read."""

    sensors: int
    kinds: int
    strength: float  # mean over sensors of each sensor's strongest detection
    crossing: bool  # consistent movement from one side of the line to the other
    across_slope_m_s: float  # d(offset)/dt; its sign says which side it moves to
    along_slope_m_s: float  # d(chainage)/dt; a herd walking along the fence has one
    along_m: float  # chainage spread
    duration_s: float

    @property
    def confidence(self) -> float:
        """0.45 x strength + 0.20 x corroboration + 0.15 x several kinds + 0.20 x crossing.

        Corroboration grows with distinct sensors (one: 0, two: 0.5, three or more: 1);
        "several kinds" is 1 when two signal kinds (say vibration and thermal) agree.
        """
        corroboration = min(1.0, (self.sensors - 1) / 2)
        several_kinds = 1.0 if self.kinds >= 2 else 0.0
        score = (
            0.45 * self.strength
            + 0.20 * corroboration
            + 0.15 * several_kinds
            + 0.20 * (1.0 if self.crossing else 0.0)
        )
        return round(min(1.0, max(0.0, score)), 3)


class Track:
    """Running sums over the detections of one track (times in seconds from ``origin_s``)."""

    __slots__ = (
        "alarmed",
        "cell",
        "detection_ids",
        "first_id",
        "first_s",
        "id",
        "kinds",
        "last_s",
        "last_time",
        "max_c",
        "max_o",
        "min_c",
        "min_o",
        "n",
        "nuisance_alarmed",
        "origin_s",
        "ref_c",
        "sc",
        "sensors",
        "so",
        "soo",
        "st",
        "stc",
        "sto",
        "stt",
    )

    def __init__(self, track_id: str, detection: Detection, t_s: float, cell: int) -> None:
        self.id = track_id
        self.first_id = detection.id
        self.origin_s = t_s
        self.first_s = self.last_s = t_s
        self.last_time: datetime = detection.time
        self.n = 0
        self.st = self.so = self.stt = self.soo = self.sto = self.sc = self.stc = 0.0
        self.min_o = self.max_o = detection.offset_m
        self.min_c = self.max_c = self.ref_c = detection.chainage_m
        self.sensors: dict[str, float] = {}
        self.kinds: set[str] = set()
        self.detection_ids: list[str] = []
        self.alarmed = False
        self.nuisance_alarmed = False
        self.cell = cell
        self.add(detection, t_s)

    def add(self, detection: Detection, t_s: float) -> None:
        t = t_s - self.origin_s
        o = detection.offset_m
        c = detection.chainage_m
        self.n += 1
        self.st += t
        self.so += o
        self.stt += t * t
        self.soo += o * o
        self.sto += t * o
        self.sc += c
        self.stc += t * c
        self.min_o = min(self.min_o, o)
        self.max_o = max(self.max_o, o)
        self.min_c = min(self.min_c, c)
        self.max_c = max(self.max_c, c)
        self.first_s = min(self.first_s, t_s)
        if t_s >= self.last_s:
            self.last_s = t_s
            self.last_time = detection.time
            self.ref_c = c
        previous = self.sensors.get(detection.sensor_id, 0.0)
        if detection.strength > previous or detection.sensor_id not in self.sensors:
            self.sensors[detection.sensor_id] = detection.strength
        self.kinds.add(detection.signal_kind)
        if len(self.detection_ids) < MAX_LISTED_DETECTIONS:
            self.detection_ids.append(detection.id)

    def _centred(self) -> tuple[float, float, float, float, float]:
        """Variance of t, variance of offset, covariances (t, offset) and (t, chainage)."""
        n = self.n
        var_t = self.stt - self.st * self.st / n
        var_o = self.soo - self.so * self.so / n
        cov_to = self.sto - self.st * self.so / n
        cov_tc = self.stc - self.st * self.sc / n
        return var_t, var_o, cov_to, cov_tc, n

    def evidence(self, min_across_m: float, min_consistency: float) -> Evidence:
        """The evidence so far; a crossing needs offsets on both sides of the line at least
        ``min_across_m`` apart, moving consistently with time (|Pearson r| of offset against
        time at least ``min_consistency``)."""
        var_t, var_o, cov_to, cov_tc, _ = self._centred()
        slope = cov_to / var_t if var_t > 1e-9 else 0.0
        along_slope = cov_tc / var_t if var_t > 1e-9 else 0.0
        crossing = False
        if (
            self.min_o < 0.0 < self.max_o
            and self.max_o - self.min_o >= min_across_m
            and var_t > 1e-9
            and var_o > 1e-9
        ):
            r = cov_to / math.sqrt(var_t * var_o)
            crossing = abs(r) >= min_consistency
        return Evidence(
            sensors=len(self.sensors),
            kinds=len(self.kinds),
            strength=sum(self.sensors.values()) / len(self.sensors),
            crossing=crossing,
            across_slope_m_s=slope,
            along_slope_m_s=along_slope,
            along_m=self.max_c - self.min_c,
            duration_s=self.last_s - self.first_s,
        )

    def crossing_point(self) -> tuple[float, float]:
        """Where the fitted path meets the line (chainage, 0), or the mean position when the
        track does not move across; the chainage is kept within the track's spread."""
        var_t, _, cov_to, cov_tc, n = self._centred()
        mean_t, mean_o, mean_c = self.st / n, self.so / n, self.sc / n
        if var_t <= 1e-9 or abs(cov_to) <= 1e-12:
            return mean_c, mean_o
        t_zero = mean_t - mean_o * var_t / cov_to
        chainage = mean_c + (cov_tc / var_t) * (t_zero - mean_t)
        return min(self.max_c, max(self.min_c, chainage)), 0.0
