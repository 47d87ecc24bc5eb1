"""Accounts, sign-in and roles, on fakes-free domain services over a real SQLite store."""

from __future__ import annotations

import pytest

from helpers import PASSWORD, FakeClock, add_account
from limes.access import services as access
from limes.access.errors import BadCredentials, RoleRequired, TokenInvalid, UsernameTaken
from limes.access.model import Role
from limes.container import Node
from limes.errors import Invalid, RateLimited


def sign_in(node: Node, username: str, password: str, client: str = "10.0.0.1") -> str:
    issued = access.sign_in(
        node.uow(),
        node.hasher,
        node.clock,
        throttle=node.sign_in_throttle,
        username=username,
        password=password,
        client=client,
        secret_key=node.secret_key,
        token_ttl_s=3600,
    )
    return issued.token


def test_a_password_is_stored_only_as_an_argon2id_hash(node: Node) -> None:
    add_account(node, "amal", Role.BORDER_OFFICER)
    with node.uow() as uow:
        user = uow.users.get("amal")
    assert user is not None
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_a_token_authenticates_its_account_until_it_expires(node: Node, clock: FakeClock) -> None:
    add_account(node, "amal", Role.BORDER_OFFICER)
    token = sign_in(node, "amal", PASSWORD)
    user = access.authenticate(node.uow(), clock, token=token, secret_key=node.secret_key)
    assert (user.username, user.role) == ("amal", Role.BORDER_OFFICER)
    clock.advance(seconds=3601)
    with pytest.raises(TokenInvalid):
        access.authenticate(node.uow(), clock, token=token, secret_key=node.secret_key)


def test_a_signed_out_token_no_longer_works(node: Node) -> None:
    add_account(node, "amal", Role.ANALYST)
    token = sign_in(node, "amal", PASSWORD)
    access.sign_out(node.uow(), token=token, secret_key=node.secret_key)
    with pytest.raises(TokenInvalid):
        access.authenticate(node.uow(), node.clock, token=token, secret_key=node.secret_key)


def test_the_store_never_holds_the_token_itself(node: Node) -> None:
    add_account(node, "amal", Role.ANALYST)
    token = sign_in(node, "amal", PASSWORD)
    with node.engine.connect() as connection:
        stored = [row[0] for row in connection.exec_driver_sql("SELECT token_hash FROM api_tokens")]
    assert stored and token not in stored


def test_a_wrong_password_and_an_unknown_account_get_the_same_answer(node: Node) -> None:
    add_account(node, "amal", Role.ANALYST)
    with pytest.raises(BadCredentials) as wrong_password:
        sign_in(node, "amal", "not the password")
    with pytest.raises(BadCredentials) as unknown_account:
        sign_in(node, "nobody", "not the password", client="10.0.0.2")
    assert wrong_password.value.message == unknown_account.value.message
    assert wrong_password.value.code == unknown_account.value.code == "bad_credentials"


def test_failed_sign_ins_stop_that_address_on_that_account_and_recover(
    node: Node, clock: FakeClock
) -> None:
    add_account(node, "amal", Role.ANALYST)
    for _ in range(5):
        with pytest.raises(BadCredentials):
            sign_in(node, "amal", "wrong", client="10.0.1.1")
    with pytest.raises(RateLimited) as refused:
        sign_in(node, "amal", PASSWORD, client="10.0.1.1")
    assert 0 < refused.value.retry_after_s <= 60
    clock.advance(seconds=61)
    assert sign_in(node, "amal", PASSWORD, client="10.0.1.1")


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out_from_another(
    node: Node,
) -> None:
    add_account(node, "amal", Role.ANALYST)
    for attempt in range(25):
        with pytest.raises((BadCredentials, RateLimited)):
            sign_in(node, "amal", "wrong", client=f"203.0.113.{attempt % 5}")
    assert sign_in(node, "amal", PASSWORD, client="10.0.2.1")


def test_a_refused_attempt_is_not_even_checked(node: Node) -> None:
    add_account(node, "amal", Role.ANALYST)
    for _ in range(5):
        with pytest.raises(BadCredentials):
            sign_in(node, "amal", "wrong", client="10.9.9.9")
    with node.uow() as uow:
        before = uow.audit.last()
    with pytest.raises(RateLimited):
        sign_in(node, "amal", PASSWORD, client="10.9.9.9")
    with node.uow() as uow:
        assert uow.audit.last() == before  # no sign_in_failed entry: the hash was not tried


def test_one_client_guessing_many_accounts_is_rate_limited(node: Node) -> None:
    for attempt in range(30):
        with pytest.raises(BadCredentials):
            sign_in(node, f"guess{attempt}", "wrong", client="10.9.9.9")
    with pytest.raises(RateLimited):
        sign_in(node, "guess99", "wrong", client="10.9.9.9")


def test_an_account_name_is_taken_once(node: Node) -> None:
    add_account(node, "amal", Role.ANALYST)
    with pytest.raises(UsernameTaken):
        add_account(node, "amal", Role.ADMINISTRATOR)


@pytest.mark.parametrize(
    ("username", "password", "field"),
    [
        ("A", PASSWORD, "username"),
        ("amal ali", PASSWORD, "username"),
        ("amal", "short", "password"),
    ],
)
def test_bad_account_details_name_the_field(
    node: Node, username: str, password: str, field: str
) -> None:
    with pytest.raises(Invalid) as caught:
        access.add_user(
            node.uow(),
            node.hasher,
            node.clock,
            actor="test",
            username=username,
            password=password,
            role=Role.ANALYST,
            party="IRQ",
        )
    assert caught.value.field == field


def test_roles_gate_actions_and_an_administrator_holds_them_all(node: Node) -> None:
    add_account(node, "clerk", Role.REGISTRY_CLERK)
    add_account(node, "root", Role.ADMINISTRATOR)
    with node.uow() as uow:
        clerk, root = uow.users.get("clerk"), uow.users.get("root")
    assert clerk is not None and root is not None
    access.require_role(clerk, Role.REGISTRY_CLERK)
    access.require_role(root, Role.CONSULAR_OFFICER)
    with pytest.raises(RoleRequired, match="consular officer"):
        access.require_role(clerk, Role.CONSULAR_OFFICER)


def test_role_names_are_forgiving_but_unknown_ones_are_listed() -> None:
    assert Role.parse("Border-Officer") is Role.BORDER_OFFICER
    with pytest.raises(Invalid, match="liaison_officer"):
        Role.parse("sheriff")
