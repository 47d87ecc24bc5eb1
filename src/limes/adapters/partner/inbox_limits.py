"""Rate limits at the inbox (issue #12, part 5), on ``limits``: a flood from outside costs
the node almost nothing, and a partner gone wrong cannot swamp it.

- **Strangers**, by client address: a request that no partner's key vouches for (malformed,
  too large, tampered, unknown key) counts against its address; past
  ``stranger_failures`` in ``window_s`` the address is answered 429 with ``Retry-After``
  before a byte of its body is read, and nothing is written either way.
- **Partners**, by party, counting only batches whose signature verified: past
  ``partner_batches`` in ``window_s`` the partner is answered 429 (its link backs off and
  sends again; nothing is lost). A stranger cannot spend a partner's allowance, because a
  batch counts only once its signature is proved.

Both count in this process's memory against the node's clock
(:class:`~limes.access.adapters_throttle.ClockedMemoryStorage`).
"""

from __future__ import annotations

import math
import threading

from limits import RateLimitItemPerSecond
from limits.strategies import MovingWindowRateLimiter

from limes.access.adapters_throttle import ClockedMemoryStorage, address_key
from limes.clock import Clock

# A link sends at most ``window`` batches at once and waits for each answer: 40 batches a
# second is 20,000 items a second, four times what this node can take.
DEFAULT_PARTNER_BATCHES = 400
DEFAULT_STRANGER_FAILURES = 50
DEFAULT_WINDOW_S = 10


class InboxLimits:
    """The inbox's two counts (see the module)."""

    def __init__(
        self,
        clock: Clock,
        *,
        stranger_failures: int = DEFAULT_STRANGER_FAILURES,
        partner_batches: int = DEFAULT_PARTNER_BATCHES,
        window_s: int = DEFAULT_WINDOW_S,
    ) -> None:
        self._clock = clock
        self._limiter = MovingWindowRateLimiter(ClockedMemoryStorage(clock))
        self._stranger = RateLimitItemPerSecond(
            stranger_failures, window_s, namespace="inbox-stranger"
        )
        self._partner = RateLimitItemPerSecond(partner_batches, window_s, namespace="inbox-partner")
        self._lock = threading.Lock()

    def stranger_wait_s(self, client: str) -> int | None:
        """Seconds before ``client`` is heard again, or None when it may send now."""
        with self._lock:
            return self._wait(self._stranger, address_key(client))

    def stranger_failed(self, client: str) -> None:
        """Count a request from ``client`` that no partner's key vouched for."""
        with self._lock:
            self._limiter.hit(self._stranger, address_key(client))

    def partner_wait_s(self, party: str) -> int | None:
        """Seconds before ``party``'s next batch is taken, or None when it may send now."""
        with self._lock:
            return self._wait(self._partner, party)

    def partner_sent(self, party: str) -> None:
        """Count one verified batch of ``party``."""
        with self._lock:
            self._limiter.hit(self._partner, party)

    def _wait(self, item: RateLimitItemPerSecond, key: str) -> int | None:
        if self._limiter.test(item, key):
            return None
        reset_at = self._limiter.get_window_stats(item, key).reset_time
        return max(1, math.ceil(reset_at - self._clock.now().timestamp()))
