"""The analyst's baseline profiles: what an ASYCUDA selectivity module would hold for this
border on its first day. ``limes demo`` starts with them; the targeting benchmark measures
them as "rules only". An analyst edits, switches off or adds to them on /cargo/profiles."""

from __future__ import annotations

from limes.cargo.model import Lane
from limes.cargo.risk import Criterion, Operator, RiskProfile


def _one(profile_id: str, name: str, *criteria: tuple[str, Operator, str]) -> RiskProfile:
    return RiskProfile(profile_id, name, tuple(Criterion(*c) for c in criteria), Lane.RED,
                       author="baseline")  # fmt: skip


BASELINE_PROFILES = (
    _one("RPBASE01", "Consignor seized before", ("consignor_seizures", Operator.ABOVE, "0")),
    _one("RPBASE02", "Carrier seized before", ("carrier_seizures", Operator.ABOVE, "0")),
    _one("RPBASE03", "Vehicle seized before", ("vehicle_seizures", Operator.ABOVE, "0")),
    _one("RPBASE04", "Driver seized before", ("driver_seizures", Operator.ABOVE, "0")),
    _one("RPBASE05", "Consignee seized before", ("consignee_seizures", Operator.ABOVE, "0")),
    _one("RPBASE06", "Tip-off received", ("tip_off", Operator.EQUALS, "true")),
    _one("RPBASE07", "New exporter of fresh produce", ("hs_chapter", Operator.ONE_OF, "07,08"),
         ("consignor_declarations", Operator.BELOW, "3")),
    _one("RPBASE08", "Weighbridge over declared", ("mass_gap_share", Operator.ABOVE, "0.04")),
    _one("RPBASE09", "Cheap fruit", ("hs_chapter", Operator.ONE_OF, "08"),
         ("value_per_kg", Operator.BELOW, "0.45")),
)  # fmt: skip
