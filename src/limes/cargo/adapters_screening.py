"""The driver through the node's screening, as a traveller at the crossings is: their
name, nationality and passport against every loaded watchlist, a hit opening a review case
(the screening context's reviewed port, acting as ``cargo-arrival``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from limes.cargo.model import Driver, DriverCheck
from limes.errors import Invalid
from limes.visas.api import ScreeningFor, TravellerIdentity

ACTOR = "cargo-arrival"
_NO_EXPIRY = date(9999, 12, 31)  # a declaration does not carry the passport's expiry


class WatchlistDrivers:
    """Screens drivers through the port that ``screening`` makes for :data:`ACTOR`."""

    def __init__(self, screening: Callable[[], ScreeningFor]) -> None:
        self._screening = screening

    def check(self, driver: Driver) -> DriverCheck:
        given, _, surname = driver.name.strip().rpartition(" ")
        try:
            person = TravellerIdentity(
                surname=surname or given, given_names=given if surname else "",
                nationality=driver.nationality, birth_date=None, sex="X",
                passport_number=driver.passport_number.upper(),
                passport_issuing_state=driver.nationality, passport_expiry=_NO_EXPIRY,
            )  # fmt: skip
        except Invalid as problem:
            return DriverCheck("unscreened", f"driver not screened: {problem.message}")
        outcome = self._screening()(ACTOR).screen(person)
        if outcome.screened_against_no_list:
            return DriverCheck("unscreened", f"driver {outcome.describe()}")
        listed = "; ".join(
            f"{m.listed_name} ({m.list_id} {m.reference}, {m.score:.2f})"
            for m in (*outcome.hits, *outcome.possible)
        )
        status = "hit" if outcome.hits else "possible" if outcome.possible else "clear"
        return DriverCheck(
            status, f"driver {outcome.describe()}" + (f": {listed}" if listed else "")
        )
