"""Accounts: argon2id hashes, sessions and the lock-out held in the database (shared by workers),
one-time invitations and reset links, and who may reach whom."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import text

from psoas.errors import InputError, NotFoundError
from psoas.journal.service import Journal
from psoas.practice.accounts import MAX_FAILURES, Accounts, LoginRefused, now

PASSWORD = "correct horse battery"


@pytest.fixture
def url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    return f"sqlite:///{tmp_path / 'j.sqlite3'}"


@pytest.fixture
def two_workers(url: str) -> Iterator[tuple[Accounts, Accounts]]:
    """Two Accounts over two separate connection pools, as two worker processes would have."""
    with Journal(url) as one, Journal(url) as two:
        yield Accounts(one), Accounts(two)


def test_passwords_are_argon2id_and_never_stored_plain(two_workers: tuple[Accounts, Accounts]) -> None:
    accounts, _ = two_workers
    accounts.create("t1", PASSWORD, "therapist")
    with accounts.journal.engine.connect() as c:
        stored = c.execute(text("SELECT password_hash FROM account WHERE name = 't1'")).scalar_one()
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$") and PASSWORD not in stored
    with pytest.raises(InputError, match="at least 10"):
        accounts.create("t2", "short", "therapist")
    with pytest.raises(InputError, match="role"):
        accounts.create("t3", PASSWORD, "superuser")


def test_a_session_from_one_worker_is_valid_in_the_other_and_ends_everywhere(
    two_workers: tuple[Accounts, Accounts],
) -> None:
    one, two = two_workers
    one.create("t1", PASSWORD, "therapist")
    token = one.login("t1", PASSWORD, "10.0.0.1")
    seen = two.session_actor(token)
    assert seen is not None and seen.name == "t1" and seen.role == "therapist"
    two.logout(token)
    assert one.session_actor(token) is None
    assert one.session_actor("forged") is None


def test_five_failures_lock_the_name_for_every_worker(two_workers: tuple[Accounts, Accounts]) -> None:
    one, two = two_workers
    one.create("t1", PASSWORD, "therapist")
    for i in range(MAX_FAILURES):
        with pytest.raises(LoginRefused, match="wrong name or password"):
            (one if i % 2 else two).login("t1", "guess " + str(i), f"10.0.0.{i}")
    with pytest.raises(LoginRefused, match="too many failed logins"):
        two.login("t1", PASSWORD, "10.0.0.99")  # the right password, but locked
    with one.journal.engine.begin() as c:  # the lock-out ends after its window
        c.execute(text("UPDATE login_throttle SET locked_until = :t"), {"t": now() - timedelta(seconds=1)})
    assert one.login("t1", PASSWORD, "10.0.0.99")


def test_one_address_guessing_many_names_is_locked_too(two_workers: tuple[Accounts, Accounts]) -> None:
    one, _ = two_workers
    one.create("t1", PASSWORD, "therapist")
    for i in range(MAX_FAILURES):
        with pytest.raises(LoginRefused):
            one.login(f"nobody{i}", PASSWORD, "192.0.2.7")
    with pytest.raises(LoginRefused, match="too many"):
        one.login("t1", PASSWORD, "192.0.2.7")
    assert one.login("t1", PASSWORD, "192.0.2.8")


def test_an_invitation_works_once_and_links_the_client_to_the_therapist(
    two_workers: tuple[Accounts, Accounts],
) -> None:
    one, two = two_workers
    therapist = one.create("t1", PASSWORD, "therapist")
    other = one.create("t2", PASSWORD, "therapist")
    token = one.invite(therapist)
    client, session = two.accept_invite(token, "Ana", "ana", PASSWORD)
    assert client.role == "client" and client.person_id is not None
    assert one.session_actor(session) == client
    assert one.can_reach(therapist, client.person_id) and one.cares_for(therapist, client.person_id)
    assert one.can_reach(client, client.person_id) and not one.cares_for(client, client.person_id)
    assert not one.can_reach(other, client.person_id)
    with pytest.raises(NotFoundError):
        one.accept_invite(token, "Ben", "ben", PASSWORD)
    assert [p["name"] for p in one.journal.list_people()] == ["Ana"]  # the refused second use left nothing


def test_an_invitation_with_a_taken_name_can_still_be_used(two_workers: tuple[Accounts, Accounts]) -> None:
    one, _ = two_workers
    therapist = one.create("t1", PASSWORD, "therapist")
    token = one.invite(therapist)
    with pytest.raises(InputError, match="name"):
        one.accept_invite(token, "Ana", "t1", PASSWORD)  # account name taken
    client, _ = one.accept_invite(token, "Ana", "ana", PASSWORD)
    assert client.name == "ana"


def test_expired_links_are_refused(two_workers: tuple[Accounts, Accounts]) -> None:
    one, _ = two_workers
    therapist = one.create("t1", PASSWORD, "therapist")
    token = one.invite(therapist)
    with one.journal.engine.begin() as c:
        c.execute(text("UPDATE invitation SET expires_at = :t"), {"t": now() - timedelta(seconds=1)})
    with pytest.raises(NotFoundError, match="expired"):
        one.check_link("invite", token)


def test_a_reset_link_sets_the_password_and_ends_sessions(two_workers: tuple[Accounts, Accounts]) -> None:
    one, two = two_workers
    admin = one.create("boss", PASSWORD, "admin")
    t1 = one.create("t1", PASSWORD, "therapist")
    old_session = one.login("t1", PASSWORD, "10.0.0.1")
    token = one.reset_link(admin, t1.id)
    with pytest.raises(NotFoundError):
        one.check_link("invite", token)  # a reset link is not an invitation
    two.accept_reset(token, "a brand new password")
    assert one.session_actor(old_session) is None
    with pytest.raises(LoginRefused):
        one.login("t1", PASSWORD, "10.0.0.1")
    assert one.login("t1", "a brand new password", "10.0.0.1")
    with pytest.raises(NotFoundError):
        two.accept_reset(token, "yet another password")
