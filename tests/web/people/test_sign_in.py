"""Signing in and out, throttling, CSRF, cookies, language: what every page relies on."""
import pytest

from ledger import create_app
from ledger.extensions import db
from tests.conftest import TEST_PASSWORD, app_config
from tests.web.conftest import csrf_token, post_form


def test_a_visitor_is_sent_to_sign_in_and_lands_on_their_roles_start_page(client, make_user):
    assert client.get("/staff/customers").headers["Location"].startswith("/login")
    staff = make_user("staff")
    answer = post_form(client, "/login?next=/staff/customers", {"email": staff.email, "password": TEST_PASSWORD},
                       page="/login")
    assert answer.status_code == 303
    assert client.get("/staff/customers").status_code == 200


@pytest.mark.parametrize(("role", "home"), [("staff", "/staff/customers"), ("admin", "/staff/customers"),
                                            ("finance", "/finance"), ("customer", "/portal")])
def test_each_role_starts_on_its_own_page(client, make_user, make_customer, role, home):
    user = make_user(role, make_customer().id if role == "customer" else None)
    answer = post_form(client, "/login", {"email": user.email, "password": TEST_PASSWORD})
    assert answer.headers["Location"] == home


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(client, make_user):
    staff = make_user("staff")
    answer = post_form(client, "/login", {"email": staff.email, "password": "not the password"})
    assert answer.status_code == 401 and "Fel e-postadress eller lösenord" in answer.get_data(as_text=True)
    unknown = post_form(client, "/login", {"email": "nobody@example.se", "password": "not the password"})
    assert unknown.status_code == 401 and "Fel e-postadress eller lösenord" in unknown.get_data(as_text=True)


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, make_user):
    staff = make_user("staff")
    for _ in range(5):
        post_form(client, "/login", {"email": staff.email, "password": "guess"})
    answer = post_form(client, "/login", {"email": staff.email, "password": TEST_PASSWORD})
    assert answer.status_code == 429 and "försök igen om 15 minuter" in answer.get_data(as_text=True)


def test_a_form_post_without_its_csrf_token_is_refused(client, make_user):
    staff = make_user("staff")
    answer = client.post("/login", data={"email": staff.email, "password": TEST_PASSWORD})
    assert answer.status_code == 400
    assert client.get("/staff/customers").status_code == 302, "not signed in"


def test_the_session_cookie_is_httponly_and_samesite(client, sign_in):
    sign_in("staff")
    answer = post_form(client, "/language", {"language": "en", "next": "/staff/customers"}, page="/staff/customers")
    header = ",".join(answer.headers.getlist("Set-Cookie"))
    assert "HttpOnly" in header and "SameSite=Lax" in header


def test_outside_development_the_session_cookie_is_secure(database_url):
    seller = {"SELLER_NAME": "AB", "SELLER_ADDRESS": "Gata 1", "SELLER_ORG_NUMBER": "559876-5435", "SELLER_SEAT": "Stockholm",
              "SELLER_VAT_NUMBER": "SE559876543501", "SELLER_BANKGIRO": "505-0125", "SELLER_EMAIL": "a@b.se"}
    app = create_app(app_config(database_url, SERVICEKONTO_ENV="production", SECRET_KEY="x" * 32, **seller))
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["SESSION_COOKIE_HTTPONLY"] is True
    with app.app_context():
        db.engine.dispose()


def test_signing_out_needs_the_token_and_ends_the_session(client, sign_in):
    sign_in("staff")
    assert client.post("/logout").status_code == 400
    assert client.get("/staff/customers").status_code == 200
    post_form(client, "/logout", {}, page="/staff/customers")
    assert client.get("/staff/customers").status_code == 302


def test_the_language_follows_the_browser_then_the_users_choice(client, sign_in):
    assert 'lang="en"' in client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert 'lang="sv"' in client.get("/login", headers={"Accept-Language": "sv-SE"}).get_data(as_text=True)
    sign_in("staff")
    post_form(client, "/language", {"language": "en", "next": "/staff/customers"}, page="/staff/customers")
    page = client.get("/staff/customers", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert 'lang="en"' in page and "Customers" in page


def test_a_sign_in_never_redirects_to_another_site(client, make_user):
    staff = make_user("staff")
    answer = post_form(client, "/login?next=https://evil.example/", {"email": staff.email, "password": TEST_PASSWORD},
                       page="/login")
    assert answer.headers["Location"] == "/staff/customers"


def test_pages_forbid_framing_and_foreign_scripts(client):
    headers = client.get("/login").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"] and headers["X-Frame-Options"] == "DENY"


def test_csrf_token_helper_reads_the_meta_tag(client):
    assert len(csrf_token(client, "/login")) > 20


def test_a_language_chosen_before_signing_in_is_kept_and_saved_for_the_user(client, make_user):
    from ledger.models import User

    staff = make_user("staff")
    post_form(client, "/language", {"language": "en", "next": "/login"}, page="/login")
    post_form(client, "/login", {"email": staff.email, "password": TEST_PASSWORD})
    assert 'lang="en"' in client.get("/staff/customers", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert db.session.get(User, staff.id).language == "en"
