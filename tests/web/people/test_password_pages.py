"""Password pages in Swedish and English: change one's own, ask for a link, set a new one with it."""
import re

import pytest

from ledger.extensions import db
from ledger.models import OutboxMessage
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from ledger.services.people.passwords import make_reset_link
from ledger.services.people.users import user_for_password
from tests.conftest import TEST_PASSWORD
from tests.services.helpers import debit
from tests.web.conftest import post_form
from tests.web.people.test_admin_pages import page_text, speak

NEW_PASSWORD = "a brand new passphrase"
WORDS = {
    "sv": {"wrong": "Det nuvarande lösenordet är fel.", "changed": "Ditt lösenord byttes",
           "sent": "Om nobody@test.example har ett konto", "set": "Välj ett nytt lösenord",
           "dead": "Länken fungerar inte", "forgot": "Glömt lösenordet?", "differ": "De två lösenorden skiljer sig åt."},
    "en": {"wrong": "The current password is wrong.", "changed": "Your password was changed",
           "sent": "If nobody@test.example has an account", "set": "Set a new password",
           "dead": "The link does not work", "forgot": "Forgot your password?", "differ": "The two passwords differ."},
}


def _mails() -> list[OutboxMessage]:
    db.session.rollback()
    return list(db.session.query(OutboxMessage).order_by(OutboxMessage.id))


@pytest.mark.parametrize("language", ["sv", "en"])
def test_changing_ones_password_needs_the_current_one_and_signs_out_other_browsers(app, client, sign_in, language):
    speak(client, language)
    staff = sign_in("staff")
    laptop = app.test_client()  # the same person signed in on another computer
    assert post_form(laptop, "/login", {"email": staff.email, "password": TEST_PASSWORD}).status_code == 303
    wrong = post_form(client, "/account/password", {"current_password": "not it", "new_password": NEW_PASSWORD,
                                                    "confirm": NEW_PASSWORD})
    assert wrong.status_code == 422 and WORDS[language]["wrong"] in page_text(wrong)
    mismatch = post_form(client, "/account/password", {"current_password": TEST_PASSWORD,
                                                       "new_password": NEW_PASSWORD, "confirm": "something else"})
    assert mismatch.status_code == 422 and WORDS[language]["differ"] in page_text(mismatch)
    done = post_form(client, "/account/password", {"current_password": TEST_PASSWORD, "new_password": NEW_PASSWORD,
                                                   "confirm": NEW_PASSWORD}, follow_redirects=True)
    assert WORDS[language]["changed"] in page_text(done)
    assert client.get("/staff/customers").status_code == 200  # this browser stays signed in
    assert laptop.get("/staff/customers").status_code == 302  # every other one is out
    db.session.rollback()
    assert user_for_password(staff.email, NEW_PASSWORD).id == staff.id


def test_every_role_can_change_its_password(client, sign_in, make_customer):
    sign_in("customer", make_customer().id)
    page = client.get("/account/password", headers={"Accept-Language": "sv"})
    assert page.status_code == 200 and "Minst 10 tecken." in page_text(page)
    assert 'href="/account/password"' in page_text(client.get("/portal"))


@pytest.mark.parametrize("language", ["sv", "en"])
def test_asking_for_a_link_says_the_same_for_unknown_addresses_and_mails_only_real_ones(client, make_user, language):
    speak(client, language)
    staff = make_user("staff")
    assert WORDS[language]["forgot"] in page_text(client.get("/login"))
    unknown = post_form(client, "/password/forgot", {"email": "nobody@test.example"})
    assert unknown.status_code == 200 and WORDS[language]["sent"] in page_text(unknown)
    known = post_form(client, "/password/forgot", {"email": staff.email})
    assert known.status_code == 200
    # The same page but for the address (and the CSRF token, which is signed with the second it was made in).
    same = [re.sub(r'name="csrf-token" content="[^"]+"', "", page_text(answer)) for answer in (known, unknown)]
    assert same[0].replace(staff.email, "nobody@test.example") == same[1]
    assert [mail.recipient for mail in _mails()] == [staff.email]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_mailed_link_sets_a_new_password_once(client, make_user, language):
    speak(client, language)
    staff = make_user("staff", display_name="Greta Garbo")
    post_form(client, "/password/forgot", {"email": staff.email})
    [mail] = _mails()
    path = re.search(r"http://localhost:5000(/password/reset/[\w-]+)", mail.body_text).group(1)
    form = client.get(path)
    assert form.status_code == 200 and form.headers["Cache-Control"] == "no-store"
    assert WORDS[language]["set"] in page_text(form) and "Greta Garbo" in page_text(form)
    done = post_form(client, path, {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 303 and done.headers["Location"] == "/login"
    db.session.rollback()
    assert user_for_password(staff.email, NEW_PASSWORD).id == staff.id
    again = client.get(path)
    assert again.status_code == 404 and WORDS[language]["dead"] in page_text(again)


def test_a_weak_password_on_the_reset_page_is_marked_and_the_link_still_works(client, make_user):
    speak(client, "sv")
    staff = make_user("admin")
    path = make_reset_link(staff.email, actor=SYSTEM).url.removeprefix("http://localhost:5000")
    weak = post_form(client, path, {"new_password": "kort", "confirm": "kort"})
    assert weak.status_code == 422 and "Måste vara minst 12 tecken." in page_text(weak)
    assert client.get(path).status_code == 200


def test_an_unknown_link_is_a_page_that_offers_a_new_one(client):
    answer = client.get("/password/reset/made-up-token", headers={"Accept-Language": "sv"})
    assert answer.status_code == 404 and "/password/forgot" in page_text(answer)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_pages_name_people_by_their_display_name_never_a_user_number(client, sign_in, make_user, make_customer,
                                                                     language):
    speak(client, language)
    colleague = make_user("staff", display_name="Greta Garbo")
    customer = make_customer()
    record_purchase(customer.id, 600, "9500.00", actor=SYSTEM)
    task = debit(customer.id, 30, actor=colleague).task
    me = sign_in("staff")
    for path in (f"/staff/tasks/{task.id}", f"/staff/customers/{customer.id}"):
        page = page_text(client.get(path))
        assert "Greta Garbo" in page, path
        assert not re.search(r"(Användare|User) \d", page), path
    assert me.email not in page_text(client.get("/staff/customers"))  # the header shows the name instead
