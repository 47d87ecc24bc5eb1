"""The outbox's rules: every sealed item is kept until the partner's signed receipt says
it arrived (or was refused), retried with exponential backoff and jitter meanwhile.

Pure: times come in as arguments (from a :class:`limes.clock.Clock`) and randomness from
a ``random.Random`` the caller seeds, so a schedule can be replayed exactly in a test.
The outbox never gives up on an item: a partner down for hours gets everything when it is
back, and the delay is capped (``max_delay_s``) so that delivery resumes within minutes.

Items to one receiver go in sequence order, one head at a time: the partner's inbox takes
sequence ``n`` only after ``n - 1`` (:mod:`limes.sharing.inbox`), so a later item could
not overtake a delayed one anyway.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from limes.errors import Invalid
from limes.sharing.receipt import Receipt, ReceiptStatus


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    REFUSED = "refused"


@dataclass(frozen=True)
class BackoffPolicy:
    """Exponential backoff with "equal jitter" (Brooker, "Exponential Backoff And Jitter",
    AWS Architecture Blog, 2015): attempt ``n`` waits between half and all of
    ``min(max_delay_s, base_delay_s * multiplier ** (n - 1))``. Unlike full jitter it never
    retries at once against a partner that is down, yet still spreads the retries."""

    base_delay_s: float = 1.0
    multiplier: float = 2.0
    max_delay_s: float = 300.0

    def __post_init__(self) -> None:
        if self.base_delay_s <= 0:
            raise Invalid("must be positive", field="base_delay_s")
        if self.multiplier < 1:
            raise Invalid("must be at least 1", field="multiplier")
        if self.max_delay_s < self.base_delay_s:
            raise Invalid("must be at least base_delay_s", field="max_delay_s")

    def delay_s(self, failures: int, rng: random.Random) -> float:
        """The wait after the ``failures``-th failed attempt in a row (1 for the first)."""
        # Cap the exponent first: multiplier ** failures overflows a float for long outages.
        exponent = min(failures - 1, 64)
        ceiling = min(self.max_delay_s, self.base_delay_s * self.multiplier**exponent)
        return ceiling / 2 + rng.uniform(0, ceiling / 2)


@dataclass(frozen=True)
class OutboxItem:
    """One sealed envelope waiting for, or closed by, the partner's receipt."""

    receiver: str
    sequence: int
    envelope_digest: str
    wire: bytes
    enqueued_at: datetime
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error_code: str | None = None
    receipt: Receipt | None = None
    closed_at: datetime | None = None
    # From the item's header, for announcing and listing (not stored on their own).
    item_id: str = field(default="", compare=False)
    agreement_id: str = field(default="", compare=False)
    category: str = field(default="", compare=False)

    def is_due(self, now: datetime) -> bool:
        """Pending, and its next attempt (at once, for a new item) has come."""
        start = self.next_attempt_at or self.enqueued_at
        return self.status is DeliveryStatus.PENDING and start <= now

    def after_failure(
        self, *, now: datetime, code: str, policy: BackoffPolicy, rng: random.Random
    ) -> OutboxItem:
        """The item after one failed attempt (no answer, or an error without a receipt)."""
        self._require_pending()
        attempts = self.attempts + 1
        wait = timedelta(seconds=policy.delay_s(attempts, rng))
        return replace(self, attempts=attempts, next_attempt_at=now + wait, last_error_code=code)

    def after_receipt(self, receipt: Receipt, *, now: datetime) -> OutboxItem:
        """The item closed by a verified receipt: delivered, or refused by the partner.

        ``receipt`` must be verified already (:func:`limes.sharing.receipt.verify_receipt`);
        one for another envelope is :class:`Invalid`.
        """
        self._require_pending()
        if receipt.sequence != self.sequence or receipt.envelope_digest != self.envelope_digest:
            raise Invalid("the receipt is for another envelope", field="receipt")
        delivered = receipt.status is ReceiptStatus.ACCEPTED
        return replace(
            self,
            status=DeliveryStatus.DELIVERED if delivered else DeliveryStatus.REFUSED,
            attempts=self.attempts + 1,
            last_error_code=receipt.code,
            receipt=receipt,
            closed_at=now,
        )

    def _require_pending(self) -> None:
        if self.status is not DeliveryStatus.PENDING:
            raise Invalid(f"item {self.sequence} is {self.status.value} already", field="status")


def next_due(items: Iterable[OutboxItem], now: datetime) -> list[OutboxItem]:
    """The items to send now: for each receiver, its lowest pending sequence, if due."""
    heads: dict[str, OutboxItem] = {}
    for item in items:
        if item.status is not DeliveryStatus.PENDING:
            continue
        head = heads.get(item.receiver)
        if head is None or item.sequence < head.sequence:
            heads[item.receiver] = item
    return sorted((item for item in heads.values() if item.is_due(now)), key=lambda i: i.receiver)


def retry_schedule(
    policy: BackoffPolicy, rng: random.Random, *, start: datetime, failures: int
) -> list[datetime]:
    """When the attempts after ``failures`` failures in a row would happen, from ``start``
    (for display and for tests: the same seed gives the same schedule)."""
    times: list[datetime] = []
    moment = start
    for failure in range(1, failures + 1):
        moment = moment + timedelta(seconds=policy.delay_s(failure, rng))
        times.append(moment)
    return times
