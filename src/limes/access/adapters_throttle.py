"""Sign-in throttling that an attacker cannot turn into a lock-out (issue #13), on ``limits``.

Failed sign-ins are counted in moving windows (limits' ``MovingWindowRateLimiter``) by:

- account name and client address together: ``per_pair_per_minute`` failures in any
  minute. One person mistyping stops only themselves, on that account, from that address;
- client address, whatever the account: ``per_address_per_hour``. This is what stops one
  address spraying a common password over many accounts;
- account name, whatever the address: ``per_account_per_hour``. Once an account is over it
  (many addresses guessing), only the addresses that have failed against that account in
  the last hour are refused; an address with no failure on it may still try, so the right
  password from a clean address gets in while each guessing address gets one guess an hour.

An IPv6 client counts by its /64, which one subscriber usually holds whole: rotating
addresses inside it gains nothing. At most ``IN_FLIGHT_PER_ADDRESS`` attempts from one
address are checked at once, so that a burst of parallel guesses cannot all pass the counts
before any failure is recorded. The counts live in this process's memory: a restart forgets
them, and ``limes serve`` runs one process. docs/security.md tells the reasons.
"""

from __future__ import annotations

import bisect
import ipaddress
import math
import threading
from collections import Counter

from limits import RateLimitItem, RateLimitItemPerHour, RateLimitItemPerMinute
from limits.storage import MovingWindowSupport, Storage
from limits.strategies import MovingWindowRateLimiter

from limes.access.ports import SignInOutcome
from limes.clock import Clock

IN_FLIGHT_PER_ADDRESS = 4
# Longer names are cut: they cannot be accounts (40 characters at most), and memory is ours.
_KEY_LENGTH = 64
_NAMESPACE = "sign-in"
_SWEEP_EVERY = 1024


class ClockedMemoryStorage(Storage, MovingWindowSupport):
    """limits' in-memory storage, read against the node's :class:`Clock`.

    limits' own ``MemoryStorage`` reads the wall clock and runs a timer thread; this one
    tells time by the clock it is given (tests move it), keeps at most ``limit`` entries a
    key (older ones can no longer decide anything) and drops expired keys as it writes.
    """

    STORAGE_SCHEME = None

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self._clock = clock
        self._lock = threading.Lock()
        self._events: dict[str, list[float]] = {}  # newest first
        self._event_expiry: dict[str, int] = {}
        self._counters: Counter[str] = Counter()
        self._counter_expiry: dict[str, float] = {}
        self._writes = 0

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return ValueError

    def _now(self) -> float:
        return self._clock.now().timestamp()

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = self._now()
        with self._lock:
            if self._counter_expiry.get(key, 0.0) <= now:
                self._counters.pop(key, None)
                self._counter_expiry[key] = now + expiry
            self._counters[key] += amount
            self._wrote(now)
            return self._counters[key]

    def get(self, key: str) -> int:
        with self._lock:
            if self._counter_expiry.get(key, 0.0) <= self._now():
                return 0
            return self._counters.get(key, 0)

    def get_expiry(self, key: str) -> float:
        with self._lock:
            return self._counter_expiry.get(key, self._now())

    def check(self) -> bool:
        return True

    def reset(self) -> int | None:
        with self._lock:
            count = max(len(self._counters), len(self._events))
            self._counters.clear()
            self._counter_expiry.clear()
            self._events.clear()
            self._event_expiry.clear()
            return count

    def clear(self, key: str) -> None:
        with self._lock:
            self._counters.pop(key, None)
            self._counter_expiry.pop(key, None)
            self._events.pop(key, None)
            self._event_expiry.pop(key, None)

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        if amount > limit:
            return False
        now = self._now()
        with self._lock:
            events = self._events.setdefault(key, [])
            self._event_expiry[key] = expiry
            if len(events) > limit - amount and events[limit - amount] > now - expiry:
                return False
            events[:0] = [now] * amount
            del events[limit:]
            self._wrote(now)
            return True

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        now = self._now()
        with self._lock:
            events = self._events.get(key, [])
            # Newest first: the entries inside the window are a prefix.
            inside = bisect.bisect_left(events, -(now - expiry), key=lambda at: -at)
            if inside == 0:
                return now, 0
            return events[inside - 1], inside

    def _wrote(self, now: float) -> None:
        """Every so many writes, forget the keys whose every entry has expired."""
        self._writes += 1
        if self._writes % _SWEEP_EVERY:
            return
        for key in [k for k, at in self._counter_expiry.items() if at <= now]:
            self._counters.pop(key, None)
            del self._counter_expiry[key]
        for key, events in list(self._events.items()):
            if not events or events[0] <= now - self._event_expiry[key]:
                del self._events[key]
                del self._event_expiry[key]


def address_key(client: str) -> str:
    """What a client address is counted by: itself, or its /64 for IPv6."""
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return client[:_KEY_LENGTH]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def account_key(account: str) -> str:
    """What an account name is counted by: as stored (lower case), cut to a bounded length."""
    return account.strip().lower()[:_KEY_LENGTH]


class LimitsSignInThrottle:
    """The node's :class:`~limes.access.ports.SignInThrottle`: the rules in the module text."""

    def __init__(
        self,
        clock: Clock,
        *,
        per_pair_per_minute: int,
        per_address_per_hour: int,
        per_account_per_hour: int,
    ) -> None:
        self._clock = clock
        self._limiter = MovingWindowRateLimiter(ClockedMemoryStorage(clock))
        self._pair = RateLimitItemPerMinute(per_pair_per_minute, namespace=_NAMESPACE)
        self._address = RateLimitItemPerHour(per_address_per_hour, namespace=_NAMESPACE)
        self._account = RateLimitItemPerHour(per_account_per_hour, namespace=_NAMESPACE)
        # Whether this address failed against this account in the last hour: one entry.
        self._failed_here = RateLimitItemPerHour(1, namespace=f"{_NAMESPACE}-failed-here")
        self._in_flight: Counter[str] = Counter()
        self._lock = threading.Lock()

    def begin(self, account: str, client: str) -> int | None:
        name, address = account_key(account), address_key(client)
        with self._lock:
            if self._in_flight[address] >= IN_FLIGHT_PER_ADDRESS:
                return 1
            wait_s = self._refusal(name, address)
            if wait_s is None:
                self._in_flight[address] += 1
            return wait_s

    def finish(self, account: str, client: str, outcome: SignInOutcome) -> None:
        name, address = account_key(account), address_key(client)
        with self._lock:
            self._in_flight[address] -= 1
            if self._in_flight[address] <= 0:
                del self._in_flight[address]
            if outcome is SignInOutcome.FAILED:
                self._limiter.hit(self._pair, name, address)
                self._limiter.hit(self._address, address)
                self._limiter.hit(self._account, name)
                # Kept as the latest failure, not the first, of the hour.
                self._limiter.clear(self._failed_here, name, address)
                self._limiter.hit(self._failed_here, name, address)
            elif outcome is SignInOutcome.SUCCEEDED:
                # The person's own mistakes are forgotten; the address's and the account's
                # counts are not, or a sprayer could reset them by signing in to an account
                # of their own now and then.
                self._limiter.clear(self._pair, name, address)
                self._limiter.clear(self._failed_here, name, address)

    def _refusal(self, name: str, address: str) -> int | None:
        """Seconds until this attempt may be tried, or None when it may be tried now."""
        waits = []
        if not self._limiter.test(self._pair, name, address):
            waits.append(self._wait_s(self._pair, name, address))
        if not self._limiter.test(self._address, address):
            waits.append(self._wait_s(self._address, address))
        if not self._limiter.test(self._account, name) and not self._limiter.test(
            self._failed_here, name, address
        ):
            # Either the account's count falling or this address's failure ageing out
            # lets the address try again.
            waits.append(
                min(
                    self._wait_s(self._account, name),
                    self._wait_s(self._failed_here, name, address),
                )
            )
        return max(waits) if waits else None

    def _wait_s(self, item: RateLimitItem, *identifiers: str) -> int:
        reset_at = self._limiter.get_window_stats(item, *identifiers).reset_time
        return max(1, math.ceil(reset_at - self._clock.now().timestamp()))
