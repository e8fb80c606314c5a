"""Sign-in throttling: per address and per (address, IP), exact under 30 parallel attempts, and unlockable."""
from datetime import timedelta

import pytest

from ledger.services.access import SYSTEM
from ledger.services.clock import utcnow
from ledger.services.errors import Forbidden
from ledger.services.people.sessions import user_for_session
from ledger.services.people.signin import (
    MAX_FAILURES_PER_ADDRESS,
    MAX_FAILURES_PER_PAIR,
    WINDOW,
    SignInRefused,
    TooManyAttempts,
    sign_in,
    unlock_address,
)
from tests.conftest import TEST_PASSWORD
from tests.services.helpers import race

OFFICE = "192.0.2.10"
PARALLEL = 30


def fail(email, ip=OFFICE, times=1):
    for _ in range(times):
        with pytest.raises((SignInRefused, TooManyAttempts)):
            sign_in(email, "not the password", ip)


def test_thirty_parallel_wrong_passwords_get_only_five_checked_and_then_the_right_one_is_refused(app, make_user):
    staff = make_user("staff")
    results = race(app, lambda i: sign_in(staff.email, f"guess {i}", OFFICE), PARALLEL)
    kinds = [type(result).__name__ for result in results]
    assert kinds.count("SignInRefused") == MAX_FAILURES_PER_PAIR
    assert kinds.count("TooManyAttempts") == PARALLEL - MAX_FAILURES_PER_PAIR
    with pytest.raises(TooManyAttempts):
        sign_in(staff.email, TEST_PASSWORD, OFFICE)


def test_parallel_guesses_from_many_addresses_stop_at_the_limit_of_the_address(app, make_user):
    staff = make_user("staff")
    results = race(app, lambda i: sign_in(staff.email, f"guess {i}", f"198.51.100.{i}"), PARALLEL)
    assert sum(isinstance(result, SignInRefused) for result in results) == MAX_FAILURES_PER_ADDRESS
    with pytest.raises(TooManyAttempts):
        sign_in(staff.email, TEST_PASSWORD, "203.0.113.5")


def test_one_persons_failures_do_not_lock_a_colleague_at_the_same_office_address(app, make_user):
    alice, bob = make_user("staff"), make_user("staff")
    fail(alice.email, times=MAX_FAILURES_PER_PAIR)
    with pytest.raises(TooManyAttempts):
        sign_in(alice.email, TEST_PASSWORD, OFFICE)
    assert sign_in(bob.email, TEST_PASSWORD, OFFICE).user.id == bob.id


def test_a_lock_for_one_address_from_one_ip_leaves_the_owner_signing_in_from_elsewhere(app, make_user):
    staff = make_user("staff")
    fail(staff.email, ip="203.0.113.66", times=MAX_FAILURES_PER_PAIR)
    assert sign_in(staff.email, TEST_PASSWORD, OFFICE).user.id == staff.id


def test_a_success_clears_only_its_own_failures_never_another_addresss(app, make_user):
    alice, bob = make_user("staff"), make_user("staff")
    fail(bob.email, times=MAX_FAILURES_PER_PAIR - 1)
    fail(alice.email, times=MAX_FAILURES_PER_PAIR - 1)
    sign_in(alice.email, TEST_PASSWORD, OFFICE)
    fail(bob.email)
    with pytest.raises(TooManyAttempts):
        sign_in(bob.email, TEST_PASSWORD, OFFICE)
    fail(alice.email, times=MAX_FAILURES_PER_PAIR - 1)
    assert sign_in(alice.email, TEST_PASSWORD, OFFICE).user.id == alice.id


def test_an_unknown_address_is_throttled_like_a_real_one(app):
    fail("nobody@example.se", times=MAX_FAILURES_PER_PAIR)
    with pytest.raises(TooManyAttempts):
        sign_in("nobody@example.se", "anything", OFFICE)


def test_the_lock_says_how_long_is_left_and_ends_with_the_window(app, make_user, freeze_clock):
    staff = make_user("staff")
    start = utcnow()
    freeze_clock(start)
    fail(staff.email, times=MAX_FAILURES_PER_PAIR)
    freeze_clock(start + timedelta(minutes=11))
    with pytest.raises(TooManyAttempts) as refused:
        sign_in(staff.email, TEST_PASSWORD, OFFICE)
    assert refused.value.params == {"minutes": 4} and "try again in 4 minutes" in refused.value.message
    freeze_clock(start + WINDOW + timedelta(seconds=1))
    assert sign_in(staff.email, TEST_PASSWORD, OFFICE).user.id == staff.id


def test_an_admin_unlocks_an_address_at_once(app, make_user):
    staff = make_user("staff")
    fail(staff.email, times=MAX_FAILURES_PER_PAIR)
    with pytest.raises(Forbidden):
        unlock_address(staff.email, actor=make_user("staff"))
    assert unlock_address(staff.email.upper(), actor=SYSTEM) == MAX_FAILURES_PER_PAIR
    assert sign_in(staff.email, TEST_PASSWORD, OFFICE).user.id == staff.id


def test_a_sign_in_opens_a_server_side_session_that_names_the_user(app, make_user):
    staff = make_user("staff")
    signed_in = sign_in(staff.email, TEST_PASSWORD, OFFICE)
    assert user_for_session(signed_in.session_token).id == staff.id
    assert user_for_session("a-token-nobody-was-given") is None
