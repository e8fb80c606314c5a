"""Changing one's password and resetting a forgotten one by a one-time mailed link, on both engines."""
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from ledger.domain.errors import Conflict, InvalidInput
from ledger.extensions import db
from ledger.models import OutboxMessage, PasswordReset
from ledger.services.access import SYSTEM
from ledger.services.clock import utcnow
from ledger.services.errors import Forbidden
from ledger.services.people.passwords import (
    RESET_LINK_LIFETIME,
    change_own_password,
    make_reset_link,
    reset_link_user,
    reset_password,
)
from ledger.services.people.reset_requests import RESET_MAIL_INTERVAL, handle_reset_request, record_reset_request
from ledger.services.people.sessions import user_for_session
from ledger.services.people.signin import set_language, sign_in
from ledger.services.people.users import deactivate_user, user_for_password
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "a brand new passphrase"


def _token(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[1]


def request_password_reset(email: str) -> bool:
    """Ask for a link as the page does, and handle the request as its job does: whether a mail was queued."""
    return handle_reset_request(record_reset_request(email)) == "mailed"


def _mails() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.query(OutboxMessage).order_by(OutboxMessage.id))


def test_a_password_change_needs_the_current_password_and_signs_out_every_other_browser(app, make_user):
    staff = make_user("staff")
    here, elsewhere = (sign_in(staff.email, TEST_PASSWORD, "192.0.2.1").session_token for _ in range(2))
    with pytest.raises(InvalidInput) as refused:
        change_own_password("a wrong guess", NEW_PASSWORD, actor=staff, ip="192.0.2.1", keep_session=here)
    assert [problem.code for problem in refused.value.problems["current_password"]] == ["wrong_current_password"]
    assert user_for_session(elsewhere) is not None  # nothing changed by a refusal
    assert change_own_password(TEST_PASSWORD, NEW_PASSWORD, actor=staff, ip="192.0.2.1", keep_session=here) == 1
    assert user_for_session(here).id == staff.id and user_for_session(elsewhere) is None
    assert user_for_password(staff.email, TEST_PASSWORD) is None
    assert user_for_password(staff.email, NEW_PASSWORD).id == staff.id


@pytest.mark.parametrize(("new", "code"), [("short", "password_too_short"), (TEST_PASSWORD, "same_password")])
def test_a_new_password_follows_the_rules_and_differs_from_the_old(app, make_user, new, code):
    staff = make_user("staff")
    with pytest.raises(InvalidInput) as refused:
        change_own_password(TEST_PASSWORD, new, actor=staff, ip="192.0.2.1")
    assert code in [problem.code for problem in refused.value.problems["new_password"]]


def test_a_reset_request_mails_a_link_in_the_users_language_through_the_outbox(app, make_user):
    staff = make_user("staff", display_name="Greta Garbo")
    set_language(staff.id, "en")
    assert request_password_reset(f"  {staff.email.upper()} ") is True
    [mail] = _mails()
    assert (mail.kind, mail.recipient, mail.language) == ("password_reset", staff.email, "en")
    assert mail.subject == "Set a new password for Servicekonto"
    assert "Hello Greta Garbo," in mail.body_text and "60 minutes" in mail.body_text
    link = next(word for word in mail.body_text.split() if "/password/reset/" in word)
    assert link in mail.body_html
    [stored] = db.session.query(PasswordReset).all()
    assert _token(link) not in stored.token_hash and len(stored.token_hash) == 64  # only its hash is kept
    assert reset_link_user(_token(link)).id == staff.id


def test_a_swedish_user_gets_the_mail_in_swedish(app, make_user):
    staff = make_user("staff")
    request_password_reset(staff.email)
    [mail] = _mails()
    assert mail.language == "sv" and mail.subject == "Välj ett nytt lösenord för Servicekonto"
    assert "Hello" not in mail.body_text


def test_unknown_or_deactivated_addresses_get_no_mail_and_repeats_are_held_back(app, make_user, freeze_clock):
    staff, gone = make_user("staff"), make_user("staff")
    deactivate_user(gone.email, actor=SYSTEM)
    assert request_password_reset("nobody@test.example") is False
    assert request_password_reset(gone.email) is False
    start = utcnow()
    freeze_clock(start)
    assert request_password_reset(staff.email) is True
    freeze_clock(start + RESET_MAIL_INTERVAL - timedelta(seconds=1))
    assert request_password_reset(staff.email) is False
    freeze_clock(start + RESET_MAIL_INTERVAL + timedelta(seconds=1))
    assert request_password_reset(staff.email) is True
    assert [mail.recipient for mail in _mails()] == [staff.email, staff.email]


def test_a_link_sets_the_password_once_and_signs_out_every_browser(app, make_user):
    staff = make_user("staff")
    browser = sign_in(staff.email, TEST_PASSWORD, "192.0.2.1").session_token
    token = _token(make_reset_link(staff.email, actor=SYSTEM).url)
    assert reset_password(token, NEW_PASSWORD).id == staff.id
    assert user_for_session(browser) is None
    assert user_for_password(staff.email, NEW_PASSWORD).id == staff.id
    with pytest.raises(Conflict) as used:
        reset_password(token, "yet another passphrase")
    assert used.value.code == "reset_link_invalid"
    assert user_for_password(staff.email, NEW_PASSWORD) is not None


def test_a_weak_password_leaves_the_link_usable(app, make_user):
    staff = make_user("staff")
    token = _token(make_reset_link(staff.email, actor=SYSTEM).url)
    with pytest.raises(InvalidInput):
        reset_password(token, "aaaaaaaaaaaa")
    assert reset_password(token, NEW_PASSWORD).id == staff.id


def test_a_link_expires_and_a_newer_link_or_a_deactivation_voids_it(app, make_user, freeze_clock):
    staff = make_user("staff")
    start = utcnow()
    freeze_clock(start)
    old = _token(make_reset_link(staff.email, actor=SYSTEM).url)
    new = _token(make_reset_link(staff.email, actor=SYSTEM).url)
    assert reset_link_user(old) is None and reset_link_user(new) is not None
    freeze_clock(start + RESET_LINK_LIFETIME + timedelta(seconds=1))
    with pytest.raises(Conflict):
        reset_password(new, NEW_PASSWORD)
    freeze_clock(start + RESET_LINK_LIFETIME * 2)
    fresh = _token(make_reset_link(staff.email, actor=SYSTEM).url)
    deactivate_user(staff.email, actor=SYSTEM)
    with pytest.raises(Conflict):
        reset_password(fresh, NEW_PASSWORD)
    assert reset_link_user("not-a-token") is None


def test_only_an_admin_makes_a_link_and_it_points_at_public_url(app, make_user):
    staff = make_user("staff")
    with pytest.raises(Forbidden):
        make_reset_link(staff.email, actor=make_user("staff"))
    app.config["PUBLIC_URL"] = "https://konto.example.se/"
    link = make_reset_link(staff.email, actor=make_user("admin"))
    assert link.url.startswith("https://konto.example.se/password/reset/") and link.email == staff.email


def test_outside_development_a_link_needs_public_url(app, make_user):
    staff = make_user("staff")
    app.config["SERVICEKONTO_ENV"] = "production"
    with pytest.raises(Conflict) as refused:
        make_reset_link(staff.email, actor=SYSTEM)
    assert refused.value.code == "public_url_missing"


def test_a_password_set_by_an_admin_voids_an_earlier_reset_link(app, make_user):
    from ledger.services.people.users import change_password

    staff = make_user("staff")
    token = _token(make_reset_link(staff.email, actor=SYSTEM).url)
    change_password(staff.email, NEW_PASSWORD, actor=SYSTEM)
    assert reset_link_user(token) is None
    with pytest.raises(Conflict):
        reset_password(token, "someone else's passphrase")
    assert user_for_password(staff.email, NEW_PASSWORD).id == staff.id
