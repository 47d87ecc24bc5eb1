"""The inbox's rate limits: an address sending junk is shut out for a while, a partner past
its allowance waits, and neither spends the other's count."""

from __future__ import annotations

from helpers import FakeClock
from limes.adapters.partner.inbox_limits import InboxLimits


def test_an_address_past_its_refusals_waits_out_the_window_then_is_heard() -> None:
    clock = FakeClock()
    limits = InboxLimits(clock, stranger_failures=3, partner_batches=5, window_s=10)
    for _ in range(3):
        assert limits.stranger_wait_s("203.0.113.9") is None
        limits.stranger_failed("203.0.113.9")
    wait = limits.stranger_wait_s("203.0.113.9")
    assert wait is not None
    assert 1 <= wait <= 10
    assert limits.stranger_wait_s("203.0.113.10") is None  # another address is not touched
    assert limits.partner_wait_s("SYR") is None  # nor is the partner
    clock.advance(seconds=11)
    assert limits.stranger_wait_s("203.0.113.9") is None


def test_a_partner_past_its_batches_waits_and_strangers_cannot_spend_its_allowance() -> None:
    clock = FakeClock()
    limits = InboxLimits(clock, stranger_failures=3, partner_batches=2, window_s=10)
    for _ in range(50):
        limits.stranger_failed("198.51.100.1")  # a stranger claiming to be Syria
    assert limits.partner_wait_s("SYR") is None
    limits.partner_sent("SYR")
    limits.partner_sent("SYR")
    assert limits.partner_wait_s("SYR") is not None
    assert limits.partner_wait_s("JOR") is None
    clock.advance(seconds=11)
    assert limits.partner_wait_s("SYR") is None
