"""The sign-in throttle's rules (issue #13), as an attacker would probe them, on a fake clock."""

from __future__ import annotations

import pytest

from helpers import FakeClock
from limes.access.adapters_throttle import (
    IN_FLIGHT_PER_ADDRESS,
    ClockedMemoryStorage,
    LimitsSignInThrottle,
    address_key,
)
from limes.access.ports import SignInOutcome


def make(
    clock: FakeClock, *, pair: int = 5, address: int = 30, account: int = 20
) -> LimitsSignInThrottle:
    return LimitsSignInThrottle(
        clock, per_pair_per_minute=pair, per_address_per_hour=address, per_account_per_hour=account
    )


def fail(throttle: LimitsSignInThrottle, account: str, client: str) -> None:
    assert throttle.begin(account, client) is None, (account, client)
    throttle.finish(account, client, SignInOutcome.FAILED)


def admitted(throttle: LimitsSignInThrottle, account: str, client: str) -> bool:
    """Whether an attempt is let through now (and then ended as a success)."""
    if throttle.begin(account, client) is not None:
        return False
    throttle.finish(account, client, SignInOutcome.SUCCEEDED)
    return True


def test_five_wrong_passwords_stop_that_address_on_that_account_for_a_minute(
    clock: FakeClock,
) -> None:
    throttle = make(clock)
    for _ in range(5):
        clock.advance(seconds=1)
        fail(throttle, "amal", "10.0.0.1")
    wait_s = throttle.begin("amal", "10.0.0.1")
    assert wait_s is not None and 55 <= wait_s <= 60  # when the oldest failure ages out
    clock.advance(seconds=wait_s)
    assert admitted(throttle, "amal", "10.0.0.1")


def test_five_wrong_passwords_from_one_address_do_not_stop_the_account_elsewhere(
    clock: FakeClock,
) -> None:
    throttle = make(clock)
    for _ in range(5):
        fail(throttle, "amal", "10.0.0.1")
    assert admitted(throttle, "amal", "10.0.0.2")


def test_one_persons_mistakes_do_not_stop_colleagues_behind_the_same_address(
    clock: FakeClock,
) -> None:
    throttle = make(clock)
    for _ in range(5):
        fail(throttle, "amal", "192.0.2.7")
    assert throttle.begin("amal", "192.0.2.7") is not None
    assert admitted(throttle, "basim", "192.0.2.7")


def test_one_address_spraying_a_password_over_many_accounts_is_stopped(clock: FakeClock) -> None:
    throttle = make(clock)
    for n in range(30):
        fail(throttle, f"officer{n}", "203.0.113.9")
    wait_s = throttle.begin("officer30", "203.0.113.9")
    assert wait_s is not None and wait_s > 3000  # an hour's count: slow spraying is caught
    assert admitted(throttle, "officer30", "203.0.113.10")
    clock.advance(hours=1)
    assert admitted(throttle, "officer31", "203.0.113.9")


def test_an_account_guessed_from_many_addresses_lets_in_only_a_clean_address(
    clock: FakeClock,
) -> None:
    throttle = make(clock)
    guessers = [f"198.51.100.{n}" for n in range(1, 21)]
    for address in guessers:
        fail(throttle, "amal", address)
    # Over the account's count: every address that failed on it waits; each had one guess.
    assert all(throttle.begin("amal", address) is not None for address in guessers)
    # The officer at her own desk, which never failed, still gets in with the right password.
    assert admitted(throttle, "amal", "10.20.30.40")
    # A guessing address is not stopped on other accounts by this.
    assert admitted(throttle, "basim", guessers[0])


def test_a_new_address_joining_the_guessing_gets_one_guess_then_waits(clock: FakeClock) -> None:
    throttle = make(clock)
    for n in range(1, 21):
        fail(throttle, "amal", f"198.51.100.{n}")
    fail(throttle, "amal", "198.51.100.99")
    assert throttle.begin("amal", "198.51.100.99") is not None


def test_under_the_accounts_count_an_address_that_failed_once_may_try_again(
    clock: FakeClock,
) -> None:
    throttle = make(clock)
    fail(throttle, "amal", "10.0.0.1")
    assert admitted(throttle, "amal", "10.0.0.1")


def test_rotating_addresses_inside_one_ipv6_64_gains_nothing(clock: FakeClock) -> None:
    throttle = make(clock)
    for n in range(30):
        fail(throttle, f"officer{n}", f"2001:db8:1:2::{n + 1:x}")
    assert throttle.begin("officer30", "2001:db8:1:2:ffff::1") is not None
    assert admitted(throttle, "officer30", "2001:db8:1:3::1")


@pytest.mark.parametrize(
    ("client", "key"),
    [
        ("10.1.2.3", "10.1.2.3"),
        ("::ffff:10.1.2.3", "10.1.2.3"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("testclient", "testclient"),
    ],
)
def test_a_client_is_counted_by_its_address_or_its_ipv6_64(client: str, key: str) -> None:
    assert address_key(client) == key


def test_a_success_forgets_the_persons_mistakes_but_not_the_addresss(clock: FakeClock) -> None:
    throttle = make(clock, address=6)
    for _ in range(4):
        fail(throttle, "amal", "10.0.0.1")
    assert admitted(throttle, "amal", "10.0.0.1")
    for _ in range(2):
        fail(throttle, "amal", "10.0.0.1")
    # Six failures from the address in the hour, although never five on the pair in a row.
    assert throttle.begin("amal", "10.0.0.1") is not None
    assert throttle.begin("basim", "10.0.0.1") is not None


def test_case_and_spaces_do_not_make_another_account(clock: FakeClock) -> None:
    throttle = make(clock)
    for name in ("amal", "Amal", " AMAL", "amal ", "aMal"):
        fail(throttle, name, "10.0.0.1")
    assert throttle.begin("amal", "10.0.0.1") is not None


def test_parallel_attempts_from_one_address_are_capped(clock: FakeClock) -> None:
    throttle = make(clock)
    for n in range(IN_FLIGHT_PER_ADDRESS):
        assert throttle.begin(f"officer{n}", "10.0.0.1") is None
    assert throttle.begin("officer9", "10.0.0.1") == 1
    assert throttle.begin("officer9", "10.0.0.2") is None
    throttle.finish("officer0", "10.0.0.1", SignInOutcome.ABANDONED)
    assert throttle.begin("officer9", "10.0.0.1") is None


def test_an_abandoned_attempt_counts_for_nothing(clock: FakeClock) -> None:
    throttle = make(clock, pair=1)
    assert throttle.begin("amal", "10.0.0.1") is None
    throttle.finish("amal", "10.0.0.1", SignInOutcome.ABANDONED)
    assert admitted(throttle, "amal", "10.0.0.1")


def test_the_storage_keeps_time_by_the_clock_and_forgets_expired_keys(clock: FakeClock) -> None:
    storage = ClockedMemoryStorage(clock)
    assert storage.acquire_entry("k", limit=2, expiry=60)
    clock.advance(seconds=10)
    assert storage.acquire_entry("k", limit=2, expiry=60)
    assert not storage.acquire_entry("k", limit=2, expiry=60)
    start = clock.now().timestamp() - 10
    assert storage.get_moving_window("k", limit=2, expiry=60) == (start, 2)
    clock.advance(seconds=51)
    assert storage.get_moving_window("k", limit=2, expiry=60)[1] == 1
    assert storage.incr("c", expiry=5) == 1
    assert storage.incr("c", expiry=5) == 2
    clock.advance(seconds=5)
    assert storage.get("c") == 0
    assert storage.incr("c", expiry=5) == 1
