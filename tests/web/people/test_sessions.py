"""Sessions end on the server: a copied cookie dies at sign-out, password change, deactivation or expiry;
sign-ins are throttled per address behind a trusted proxy, and X-Forwarded-For is ignored from anyone else."""
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from ledger import create_app
from ledger.extensions import db
from ledger.services.access import SYSTEM
from ledger.services.clock import utcnow
from ledger.services.people.users import change_password, deactivate_user
from tests.conftest import TEST_PASSWORD, app_config
from tests.web.conftest import csrf_token, post_form

PAGE = "/staff/customers"


def copy_of_cookie(app, client):
    """A second browser holding the same session cookie as `client` (as a thief would)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_copied_cookie_stops_working_when_its_owner_signs_out(app, client, sign_in):
    sign_in("staff")
    thief = copy_of_cookie(app, client)
    assert thief.get(PAGE).status_code == 200
    post_form(client, "/logout", {}, page=PAGE)
    assert thief.get(PAGE).status_code == 302
    assert thief.get("/api/v1/customers").status_code == 401


def test_a_password_change_signs_out_every_browser(app, client, sign_in):
    staff = sign_in("staff")
    thief = copy_of_cookie(app, client)
    change_password(staff.email, "an entirely new passphrase", actor=SYSTEM)
    assert client.get(PAGE).status_code == 302 and thief.get(PAGE).status_code == 302


def test_deactivating_a_user_signs_them_out_at_once(client, sign_in):
    staff = sign_in("staff")
    deactivate_user(staff.email, actor=SYSTEM)
    assert client.get(PAGE).status_code == 302


def test_a_session_ends_after_its_lifetime(app, client, sign_in, freeze_clock):
    now = utcnow()
    freeze_clock(now)
    sign_in("staff")
    freeze_clock(now + timedelta(hours=12) - timedelta(minutes=1))
    assert client.get(PAGE).status_code == 200
    freeze_clock(now + timedelta(hours=12))
    assert client.get(PAGE).status_code == 302


def test_the_session_lifetime_is_configurable_and_checked(database_url):
    app = create_app(app_config(database_url, SESSION_LIFETIME_HOURS="2"))
    assert app.config["SESSION_LIFETIME_HOURS"] == 2
    with app.app_context():
        db.engine.dispose()
    for wrong in ("0", "twelve", "9999"):
        with pytest.raises(RuntimeError, match="SESSION_LIFETIME_HOURS"):
            create_app(app_config(database_url, SESSION_LIFETIME_HOURS=wrong))


def wrong_password(client, email, **headers):
    return post_form(client, "/login", {"email": email, "password": "not the password"}, headers=headers)


def test_thirty_parallel_wrong_passwords_through_the_page_lock_the_address(app, make_user):
    staff = make_user("staff")
    clients = [app.test_client() for _ in range(30)]
    tokens = [csrf_token(browser, "/login") for browser in clients]
    db.session.remove()
    barrier = threading.Barrier(len(clients))

    def attempt(index):
        barrier.wait()
        answer = clients[index].post("/login", data={"email": staff.email, "password": f"guess {index}",
                                                     "csrf_token": tokens[index]})
        return answer.status_code

    with ThreadPoolExecutor(len(clients)) as pool:
        statuses = list(pool.map(attempt, range(len(clients))))
    assert sorted(statuses) == [401] * 5 + [429] * 25
    right = post_form(app.test_client(), "/login", {"email": staff.email, "password": TEST_PASSWORD})
    assert right.status_code == 429


def test_without_trusted_proxies_x_forwarded_for_cannot_dodge_the_lock(client, make_user):
    staff = make_user("staff")
    for number in range(5):
        wrong_password(client, staff.email, **{"X-Forwarded-For": f"198.51.100.{number}"})
    answer = post_form(client, "/login", {"email": staff.email, "password": TEST_PASSWORD},
                       headers={"X-Forwarded-For": "203.0.113.9"})
    assert answer.status_code == 429


def test_behind_a_trusted_proxy_people_at_different_addresses_are_counted_apart(database_url, make_user):
    staff = make_user("staff")
    proxied = create_app(app_config(database_url, TRUSTED_PROXIES=1))
    with proxied.app_context():
        client = proxied.test_client()
        for _ in range(5):
            wrong_password(client, staff.email, **{"X-Forwarded-For": "198.51.100.7"})
        blocked = post_form(client, "/login", {"email": staff.email, "password": TEST_PASSWORD},
                            headers={"X-Forwarded-For": "198.51.100.7"})
        owner = post_form(client, "/login", {"email": staff.email, "password": TEST_PASSWORD},
                          headers={"X-Forwarded-For": "192.0.2.44"})
        db.session.remove()
        db.engine.dispose()
    assert blocked.status_code == 429 and owner.status_code == 303


@pytest.mark.parametrize("target", ["/staff/customers\r\nSet-Cookie: stolen=1", "/\\evil.example/", "//evil.example/",
                                    "/staff\t/customers", "https://evil.example/"])
def test_a_next_address_with_line_breaks_or_another_host_is_ignored(client, make_user, target):
    staff = make_user("staff")
    answer = post_form(client, "/login", {"email": staff.email, "password": TEST_PASSWORD}, page="/login",
                       query_string={"next": target})
    assert answer.status_code == 303 and answer.headers["Location"] == "/staff/customers"
    switched = post_form(client, "/language", {"language": "en", "next": target}, page="/staff/customers")
    assert switched.status_code == 303 and switched.headers["Location"] == "/"


def test_a_nul_in_next_refuses_the_request_before_anyone_is_signed_in(client, make_user):
    staff = make_user("staff")
    answer = post_form(client, "/login", {"email": staff.email, "password": TEST_PASSWORD}, page="/login",
                       query_string={"next": "/staff\x00/customers"})
    assert answer.status_code == 303 and "\x00" not in answer.headers["Location"]
    assert client.get(PAGE).status_code == 302, "not signed in"
