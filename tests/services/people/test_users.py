"""Cutting access off: tokens that expire or are revoked, deactivated users, passwords that end sessions."""
from datetime import timedelta

import pytest

from ledger.domain.errors import Conflict, InvalidInput
from ledger.extensions import db
from ledger.models import User
from ledger.services.access import SYSTEM
from ledger.services.clock import utcnow
from ledger.services.errors import Forbidden, NotFound
from ledger.services.people.sessions import user_for_session
from ledger.services.people.signin import SignInRefused, sign_in
from ledger.services.people.tokens import TOKEN_USE_RESOLUTION, issue_token, list_tokens, revoke_token, user_for_token
from ledger.services.people.users import activate_user, change_password, create_user, deactivate_user, list_users
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "a new and longer passphrase"


def test_a_token_with_an_expiry_works_until_then_and_not_after(app, make_user, freeze_clock):
    staff = make_user("staff")
    now = utcnow()
    freeze_clock(now)
    token = issue_token(staff.email, expires_in_days=30)
    freeze_clock(now + timedelta(days=30) - timedelta(seconds=1))
    assert user_for_token(token).id == staff.id
    freeze_clock(now + timedelta(days=30))
    assert user_for_token(token) is None


def test_a_token_lifetime_outside_one_day_to_ten_years_is_refused_by_code(app, make_user):
    staff = make_user("staff")
    for days in (0, -1, 3651):
        with pytest.raises(InvalidInput) as refused:
            issue_token(staff.email, expires_in_days=days)
        assert [problem.code for problem in refused.value.problems["expires_in_days"]] == ["out_of_range"]


def test_a_revoked_token_stops_working_at_once_and_cannot_be_revoked_twice(app, make_user):
    staff = make_user("staff")
    token, other = issue_token(staff.email), issue_token(staff.email)
    revoked = revoke_token(token[:10], actor=SYSTEM)
    assert revoked.prefix == token[:10] and revoked.revoked_at is not None
    assert user_for_token(token) is None and user_for_token(other).id == staff.id
    with pytest.raises(Conflict) as again:
        revoke_token(token[:10], actor=SYSTEM)
    assert again.value.code == "token_already_revoked"
    with pytest.raises(NotFound):
        revoke_token("sk_nothing", actor=SYSTEM)
    with pytest.raises(Forbidden):
        revoke_token(other[:10], actor=make_user("staff"))


def test_a_whole_token_can_be_revoked_too(app, make_user):
    token = issue_token(make_user("staff").email)
    revoke_token(token, actor=SYSTEM)
    assert user_for_token(token) is None


def test_tokens_are_listed_with_when_they_were_last_used(app, make_user, freeze_clock):
    staff = make_user("staff")
    now = utcnow()
    freeze_clock(now)
    token = issue_token(staff.email, expires_in_days=7)
    [listed] = list_tokens(actor=SYSTEM, email=staff.email)
    assert (listed.prefix, listed.last_used_at, listed.expires_at) == (token[:10], None, now + timedelta(days=7))
    user_for_token(token)
    freeze_clock(now + TOKEN_USE_RESOLUTION / 2)
    user_for_token(token)  # within the resolution: not written again
    assert list_tokens(actor=SYSTEM, email=staff.email)[0].last_used_at == now
    later = now + TOKEN_USE_RESOLUTION * 2
    freeze_clock(later)
    user_for_token(token)
    assert list_tokens(actor=SYSTEM, email=staff.email)[0].last_used_at == later


def test_a_deactivated_user_loses_sessions_and_tokens_and_cannot_sign_in(app, make_user):
    staff = make_user("staff")
    token = issue_token(staff.email)
    session_token = sign_in(staff.email, TEST_PASSWORD, "192.0.2.1").session_token
    assert deactivate_user(staff.email, actor=SYSTEM) == 1
    assert user_for_session(session_token) is None and user_for_token(token) is None
    with pytest.raises(SignInRefused):
        sign_in(staff.email, TEST_PASSWORD, "192.0.2.1")
    activate_user(staff.email, actor=SYSTEM)
    assert user_for_token(token).id == staff.id, "a token works again unless it was revoked"
    assert user_for_session(session_token) is None, "ended sessions stay ended"


def test_an_admin_cannot_deactivate_themselves(app, make_user):
    admin = make_user("admin")
    with pytest.raises(Conflict) as refused:
        deactivate_user(admin.email, actor=admin)
    assert refused.value.code == "cannot_deactivate_self"


def test_a_password_change_ends_every_other_session_and_the_old_password(app, make_user):
    staff = make_user("staff")
    here = sign_in(staff.email, TEST_PASSWORD, "192.0.2.1").session_token
    elsewhere = sign_in(staff.email, TEST_PASSWORD, "192.0.2.2").session_token
    assert change_password(staff.email, NEW_PASSWORD, actor=staff, keep_session=here) == 1
    assert user_for_session(here).id == staff.id and user_for_session(elsewhere) is None
    with pytest.raises(SignInRefused):
        sign_in(staff.email, TEST_PASSWORD, "192.0.2.1")
    assert sign_in(staff.email, NEW_PASSWORD, "192.0.2.1").user.id == staff.id


def test_only_an_admin_changes_someone_elses_password(app, make_user):
    alice, bob = make_user("staff"), make_user("staff")
    with pytest.raises(Forbidden):
        change_password(bob.email, NEW_PASSWORD, actor=alice)
    assert change_password(bob.email, NEW_PASSWORD, actor=make_user("admin")) == 0


@pytest.mark.parametrize(("role", "password", "codes"), [
    ("staff", "short pass", []),
    ("staff", "too short", ["password_too_short"]),
    ("admin", "ten chars!", ["password_too_short"]),
    ("admin", "twelve chars", []),
    ("admin", "a" * 20, ["password_one_character"]),
    ("staff", " " * 14, ["blank"]),
    ("finance", "\t\n " * 5, ["blank"]),
    ("customer", "xy" * 101, ["too_long"]),
])
def test_passwords_are_checked_for_length_sameness_and_blankness_by_role(app, make_customer, role, password, codes):
    customer_id = make_customer().id if role == "customer" else None
    if not codes:
        assert create_user(f"{role}@strength.example", role, password, display_name="Stark Sten",
                           customer_id=customer_id).role == role
        return
    with pytest.raises(InvalidInput) as refused:
        create_user(f"{role}@strength.example", role, password, display_name="Svag Sven", customer_id=customer_id)
    assert [problem.code for problem in refused.value.problems["password"]] == codes


def test_a_weak_new_password_is_refused_and_the_old_one_still_works(app, make_user):
    admin = make_user("admin")
    with pytest.raises(InvalidInput):
        change_password(admin.email, "1" * 12, actor=admin)
    assert sign_in(admin.email, TEST_PASSWORD, "192.0.2.1").user.id == admin.id


def test_users_are_listed_for_admins_only(app, make_user):
    staff, admin = make_user("staff"), make_user("admin")
    assert {user.email for user in list_users(actor=admin)} == {staff.email, admin.email}
    with pytest.raises(Forbidden):
        list_users(actor=staff)


def test_passwords_are_hashed_with_scrypt_at_full_cost_outside_the_test_suite(make_user):
    from ledger.config import load_config

    assert load_config({"SERVICEKONTO_ENV": "development"})["PASSWORD_HASH_METHOD"] == "scrypt"
    stored = db.session.get(User, make_user("staff").id).password_hash
    assert stored.startswith("scrypt:1024:8:1$"), "the suite's users use the same algorithm at a lower cost"
