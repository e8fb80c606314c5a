"""Issue 22 item 17: 30 guesses of the current password from one session, then the right one, succeeded.

The password page now counts wrong current passwords on the sign-in counters: after as many failures as sign-in
allows, even the right password is refused until the window has passed, and sign-in is locked for the pair too."""
from ledger.extensions import db
from ledger.services.people.signin import MAX_FAILURES_PER_PAIR
from ledger.services.people.users import user_for_password
from tests.conftest import TEST_PASSWORD
from tests.web.conftest import csrf_token, post_form
from tests.web.people.test_admin_pages import page_text

NEW_PASSWORD = "a brand new passphrase"


def _change(client, token: str, current: str, new: str) -> object:
    return client.post("/account/password", data={"current_password": current, "new_password": new, "confirm": new,
                                                  "csrf_token": token}, headers={"Accept-Language": "sv"})


def test_thirty_wrong_current_passwords_then_the_right_one_do_not_change_the_password(app, client, sign_in):
    staff = sign_in("staff")
    token = csrf_token(client, "/account/password")
    # A right current password takes back its count: four slips, then a change, lock nobody out.
    assert [_change(client, token, "not it", NEW_PASSWORD).status_code for _ in range(4)] == [422] * 4
    assert _change(client, token, TEST_PASSWORD, "short").status_code == 422  # right, but the new one is weak
    assert _change(client, token, TEST_PASSWORD, NEW_PASSWORD).status_code == 303

    guesses = [_change(client, token, f"guess number {number}", "yet another passphrase").status_code
               for number in range(30)]
    right = _change(client, token, NEW_PASSWORD, "yet another passphrase")

    assert guesses == [422] * MAX_FAILURES_PER_PAIR + [429] * (30 - MAX_FAILURES_PER_PAIR)
    assert right.status_code == 429 and "För många misslyckade inloggningar" in page_text(right)
    db.session.rollback()
    assert user_for_password(staff.email, "yet another passphrase") is None
    assert user_for_password(staff.email, NEW_PASSWORD).id == staff.id
    other = app.test_client()  # the guesser cannot switch to the sign-in page from the same address either
    assert post_form(other, "/login", {"email": staff.email, "password": NEW_PASSWORD}).status_code == 429
