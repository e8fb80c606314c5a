"""`flask users …`: cutting access off from the command line, as an operator does after an incident."""
import pytest

from ledger.services.people.signin import MAX_FAILURES_PER_PAIR, SignInRefused, TooManyAttempts, sign_in
from ledger.services.people.tokens import issue_token
from tests.conftest import TEST_PASSWORD

API = "/api/v1/customers"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_a_token_with_an_expiry_is_listed_with_it_and_revoked_by_its_prefix(runner, client, make_user):
    staff = make_user("staff")
    token = runner.invoke(args=["users", "token", staff.email, "--expires-in-days", "30"]).output.strip()
    assert client.get(API, headers=bearer(token)).status_code == 200
    listing = runner.invoke(args=["users", "tokens", staff.email]).output
    [row] = [line for line in listing.splitlines() if line.startswith(token[:10])]
    assert staff.email in row and "never" not in row.split("\t")[3] and "UTC" in row.split("\t")[4]
    revoked = runner.invoke(args=["users", "revoke-token", token[:10]])
    assert revoked.exit_code == 0 and f"Revoked token {token[:10]} of {staff.email}" in revoked.output
    assert client.get(API, headers=bearer(token)).status_code == 401
    assert "already revoked" in runner.invoke(args=["users", "revoke-token", token[:10]]).output


def test_a_token_lifetime_that_is_not_a_day_count_is_refused(runner, make_user):
    result = runner.invoke(args=["users", "token", make_user("staff").email, "--expires-in-days", "0"])
    assert result.exit_code != 0 and "--expires-in-days N: Must be between 1 and 3650." in result.output


def test_deactivate_ends_api_access_and_activate_gives_it_back(runner, client, make_user):
    staff = make_user("staff")
    token = issue_token(staff.email)
    result = runner.invoke(args=["users", "deactivate", staff.email])
    assert result.exit_code == 0 and "Deactivated" in result.output
    assert client.get(API, headers=bearer(token)).status_code == 401
    assert runner.invoke(args=["users", "activate", staff.email]).exit_code == 0
    assert client.get(API, headers=bearer(token)).status_code == 200
    assert "deactivated" not in runner.invoke(args=["users", "list"]).output
    assert runner.invoke(args=["users", "deactivate", "nobody@example.se"]).exit_code != 0


def test_set_password_reads_stdin_checks_strength_and_replaces_the_old_password(runner, make_user):
    admin = make_user("admin")
    weak = runner.invoke(args=["users", "set-password", admin.email], input="elevenchars\n")
    assert weak.exit_code != 0 and "password: Must be at least 12 characters." in weak.output
    result = runner.invoke(args=["users", "set-password", admin.email], input="a brand new passphrase\n")
    assert result.exit_code == 0, result.output
    with pytest.raises(SignInRefused):
        sign_in(admin.email, TEST_PASSWORD, "192.0.2.1")
    assert sign_in(admin.email, "a brand new passphrase", "192.0.2.1").user.id == admin.id


def test_unlock_lets_a_locked_address_sign_in_again(runner, make_user):
    staff = make_user("staff")
    for _ in range(MAX_FAILURES_PER_PAIR):
        with pytest.raises(SignInRefused):
            sign_in(staff.email, "guess", "192.0.2.1")
    with pytest.raises(TooManyAttempts):
        sign_in(staff.email, TEST_PASSWORD, "192.0.2.1")
    result = runner.invoke(args=["users", "unlock", staff.email])
    assert result.exit_code == 0 and f"Cleared {MAX_FAILURES_PER_PAIR} failed sign-ins" in result.output
    assert sign_in(staff.email, TEST_PASSWORD, "192.0.2.1").user.id == staff.id


def test_users_list_shows_roles_and_who_is_deactivated(runner, make_user, make_customer):
    customer = make_customer()
    portal = make_user("customer", customer.id)
    runner.invoke(args=["users", "deactivate", portal.email])
    listing = runner.invoke(args=["users", "list"]).output
    assert f"{portal.email}\tcustomer (customer {customer.id})\tdeactivated" in listing


@pytest.mark.parametrize(("command", "says"), [
    ("list", "whether they may sign in"), ("token", "--expires-in-days"), ("tokens", "last used"),
    ("revoke-token", "stops working at once"), ("deactivate", "sessions end now"), ("activate", "sign in again"),
    ("set-password", "standard input"), ("unlock", "failed sign-ins"), ("reset-link", "works once"),
    ("rename", "shown by"), ("create", "--name"),
])
def test_every_users_command_explains_itself(runner, command, says):
    help_text = runner.invoke(args=["users", command, "--help"]).output
    assert says in " ".join(help_text.split())


def test_reset_link_prints_a_link_that_sets_the_password_once(runner, client, make_user):
    from tests.web.conftest import post_form

    staff = make_user("staff")
    result = runner.invoke(args=["users", "reset-link", staff.email.upper()])
    assert result.exit_code == 0, result.output
    link = result.output.strip()
    assert link.startswith("http://localhost:5000/password/reset/")
    path = link.removeprefix("http://localhost:5000")
    assert post_form(client, path, {"new_password": "a fresh passphrase", "confirm": "a fresh passphrase"}
                     ).status_code == 303
    assert sign_in(staff.email, "a fresh passphrase", "192.0.2.3").user.id == staff.id
    assert client.get(path).status_code == 404
    assert "No user has e-mail nobody@test.example" in runner.invoke(
        args=["users", "reset-link", "nobody@test.example"]).output


def test_users_create_needs_a_name_and_rename_changes_it(runner):
    missing = runner.invoke(args=["users", "create", "ny@test.example", "--role", "staff"], input=f"{TEST_PASSWORD}\n")
    assert missing.exit_code != 0 and "--name" in missing.output
    blank = runner.invoke(args=["users", "create", "ny@test.example", "--role", "staff", "--name", " "],
                          input=f"{TEST_PASSWORD}\n")
    assert blank.exit_code != 0 and "--name NAME: Must not be blank." in blank.output
    created = runner.invoke(args=["users", "create", "ny@test.example", "--role", "staff", "--name", "Nils Ny"],
                            input=f"{TEST_PASSWORD}\n")
    assert created.exit_code == 0, created.output
    renamed = runner.invoke(args=["users", "rename", "ny@test.example", "Nils Nyström"])
    assert "ny@test.example is now shown as Nils Nyström." in renamed.output
    assert "Nils Nyström" in runner.invoke(args=["users", "list"]).output
