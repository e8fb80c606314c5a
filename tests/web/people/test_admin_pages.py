"""Admin pages for users and API tokens, in Swedish and English: create, name, role, deactivate, revoke, unlock."""
import re

import pytest

from ledger.extensions import db
from ledger.models import ApiToken, User
from ledger.services.people.signin import SignInRefused
from ledger.services.people.signin import sign_in as service_sign_in
from ledger.services.people.tokens import issue_token, user_for_token
from tests.conftest import TEST_PASSWORD
from tests.web.conftest import post_form

WORDS = {
    "sv": {"users": "Användare", "new": "Ny användare", "name": "Namn", "ask": "Inaktivera Greta Garbo?",
           "consequence": "loggas ut överallt direkt", "once": "den visas bara den här gången",
           "revoke": "Återkalla token", "cleared": "nollställdes", "blank": "Får inte vara tomt."},
    "en": {"users": "Users", "new": "New user", "name": "Name", "ask": "Deactivate Greta Garbo?",
           "consequence": "is signed out everywhere at once", "once": "it is shown only this once",
           "revoke": "Revoke the token", "cleared": "were cleared", "blank": "Must not be blank."},
}


def speak(client, language: str) -> None:
    post_form(client, "/language", {"language": language, "next": "/login"}, page="/login")


def page_text(answer) -> str:
    return answer.get_data(as_text=True).replace("\xa0", " ")


@pytest.fixture
def admin_client(client, sign_in):
    def make(language: str):
        speak(client, language)
        sign_in("admin")
        return client

    return make


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_user_list_names_people_and_says_it_in_the_readers_language(admin_client, make_user, language):
    client = admin_client(language)
    make_user("staff", display_name="Greta Garbo")
    page = page_text(client.get("/admin/users"))
    assert f"<h1>{WORDS[language]['users']}</h1>" in page and "Greta Garbo" in page
    assert WORDS[language]["new"] in page
    assert "User " not in page and "Användare 1" not in page


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_new_user_needs_a_name_and_then_can_sign_in(admin_client, language):
    client = admin_client(language)
    form = {"email": "greta@test.example", "role": "staff", "customer": "None", "password": TEST_PASSWORD}
    refused = post_form(client, "/admin/users/new", {**form, "display_name": "  "})
    assert refused.status_code == 422
    assert db.session.query(User).filter_by(email="greta@test.example").count() == 0
    created = post_form(client, "/admin/users/new", {**form, "display_name": "Greta Garbo"})
    assert created.status_code == 303
    assert service_sign_in("greta@test.example", TEST_PASSWORD, "192.0.2.1").user.display_name == "Greta Garbo"


def test_a_customer_user_is_created_for_its_customer(admin_client, make_customer):
    client = admin_client("sv")
    customer = make_customer(name="Kundbolaget AB")
    answer = post_form(client, "/admin/users/new", {"display_name": "Kim Kund", "email": "kim@kund.example",
                                                   "role": "customer", "customer": "None", "password": TEST_PASSWORD})
    assert answer.status_code == 422 and "En kundanvändare behöver" in page_text(answer)
    answer = post_form(client, "/admin/users/new", {"display_name": "Kim Kund", "email": "kim@kund.example",
                                                   "role": "customer", "customer": str(customer.id),
                                                   "password": TEST_PASSWORD})
    assert answer.status_code == 303
    assert db.session.query(User).filter_by(email="kim@kund.example").one().customer_id == customer.id


@pytest.mark.parametrize("language", ["sv", "en"])
def test_deactivating_asks_first_and_states_the_consequence(admin_client, make_user, language):
    client = admin_client(language)
    staff = make_user("staff", display_name="Greta Garbo")
    token = issue_token(staff.email)
    question = page_text(client.get(f"/admin/users/{staff.id}/deactivate"))
    assert WORDS[language]["ask"] in question and WORDS[language]["consequence"] in question
    assert db.session.get(User, staff.id).active  # asking changed nothing
    assert client.post(f"/admin/users/{staff.id}/deactivate").status_code == 400  # no CSRF token: refused
    db.session.rollback()  # end the test's read snapshot, to see what the pages committed
    assert db.session.get(User, staff.id).active
    done = post_form(client, f"/admin/users/{staff.id}/deactivate", {}, page=f"/admin/users/{staff.id}/deactivate")
    assert done.status_code == 303
    db.session.rollback()  # end the test's read snapshot, to see what the pages committed
    assert not db.session.get(User, staff.id).active and user_for_token(token) is None


def test_rename_and_role_change_apply_at_once(admin_client, client, make_user):
    admin_client("en")
    staff = make_user("staff", display_name="Greta Garbo")
    post_form(client, f"/admin/users/{staff.id}/name", {"display_name": "Greta Lovisa Gustafsson"},
              page=f"/admin/users/{staff.id}")
    post_form(client, f"/admin/users/{staff.id}/role", {"role": "finance"}, page=f"/admin/users/{staff.id}")
    db.session.rollback()  # end the test's read snapshot, to see what the pages committed
    person = db.session.get(User, staff.id)
    assert (person.display_name, person.role) == ("Greta Lovisa Gustafsson", "finance")
    blank = post_form(client, f"/admin/users/{staff.id}/name", {"display_name": ""}, page=f"/admin/users/{staff.id}")
    assert blank.status_code == 422


@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_admin_unlocks_a_locked_colleague_from_the_page(admin_client, make_user, language):
    client = admin_client(language)
    staff = make_user("staff")
    for _ in range(5):
        with pytest.raises(SignInRefused):
            service_sign_in(staff.email, "wrong guess", "192.0.2.7")
    assert "5" in page_text(client.get(f"/admin/users/{staff.id}"))
    answer = post_form(client, f"/admin/users/{staff.id}/unlock", {}, page=f"/admin/users/{staff.id}",
                       follow_redirects=True)
    assert WORDS[language]["cleared"] in page_text(answer)
    assert service_sign_in(staff.email, TEST_PASSWORD, "192.0.2.7").user.id == staff.id


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_token_is_shown_once_and_revoked_after_a_question(admin_client, make_user, language):
    client = admin_client(language)
    staff = make_user("staff", display_name="Greta Garbo")
    created = post_form(client, "/admin/tokens", {"user_id": str(staff.id), "expires_in_days": "30"})
    assert created.status_code == 201 and created.headers["Cache-Control"] == "no-store"
    page = page_text(created)
    assert WORDS[language]["once"] in page
    secret = re.search(r'id="token-secret">(sk_[^<]+)<', page).group(1)
    assert user_for_token(secret).id == staff.id
    listing = page_text(client.get("/admin/tokens"))
    assert secret not in listing and secret[:10] in listing and "Greta Garbo" in listing
    token = db.session.query(ApiToken).filter_by(user_id=staff.id).one()
    question = page_text(client.get(f"/admin/tokens/{token.id}/revoke"))
    assert WORDS[language]["revoke"] in question and user_for_token(secret) is not None
    post_form(client, f"/admin/tokens/{token.id}/revoke", {}, page=f"/admin/tokens/{token.id}/revoke")
    db.session.rollback()
    assert user_for_token(secret) is None


def test_a_token_lifetime_outside_the_range_is_refused_on_the_page(admin_client, make_user):
    client = admin_client("sv")
    staff = make_user("staff")
    assert post_form(client, "/admin/tokens", {"user_id": str(staff.id), "expires_in_days": "0"}).status_code == 422
    assert db.session.query(ApiToken).count() == 0


def test_a_reset_link_made_by_an_admin_is_shown_once(admin_client, make_user):
    client = admin_client("en")
    staff = make_user("staff")
    answer = post_form(client, f"/admin/users/{staff.id}/reset-link", {}, page=f"/admin/users/{staff.id}")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert re.search(r'id="reset-link">http://localhost:5000/password/reset/[\w-]+<', page_text(answer))


@pytest.mark.parametrize("role", ["staff", "finance"])
def test_only_admins_reach_the_admin_pages(client, sign_in, make_user, role):
    other = make_user("staff")
    assert client.get("/admin/users").status_code == 302  # a visitor is sent to sign in
    sign_in(role)
    for path in ("/admin/users", "/admin/users/new", f"/admin/users/{other.id}", "/admin/tokens",
                 f"/admin/users/{other.id}/deactivate"):
        assert client.get(path).status_code == 403, path
    assert post_form(client, "/admin/tokens", {"user_id": str(other.id)}, page="/staff/customers").status_code == 403


def test_an_unknown_user_is_a_404_page(admin_client):
    assert admin_client("sv").get("/admin/users/9999").status_code == 404
