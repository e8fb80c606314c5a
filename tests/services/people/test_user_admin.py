"""What an admin does to users: names, roles, token revocation by id; display names for pages."""
import pytest

from ledger.domain.errors import Conflict, InvalidInput
from ledger.services.access import SYSTEM
from ledger.services.errors import Forbidden, NotFound
from ledger.services.people.signin import SignInRefused, failed_sign_ins, sign_in, unlock_address
from ledger.services.people.tokens import issue_token, list_tokens, revoke_token_by_id, user_for_token
from ledger.services.people.users import MAX_DISPLAY_NAME_LENGTH, change_role, create_user, display_names, rename_user
from tests.conftest import TEST_PASSWORD


@pytest.mark.parametrize(("name", "code"), [("   ", "blank"), (None, "blank"), ("x" * (MAX_DISPLAY_NAME_LENGTH + 1), "too_long")])
def test_a_new_user_needs_a_display_name(app, name, code):
    with pytest.raises(InvalidInput) as refused:
        create_user("ny@test.example", "staff", TEST_PASSWORD, display_name=name)
    assert [problem.code for problem in refused.value.problems["display_name"]] == [code]


def test_display_names_are_trimmed_renamed_and_looked_up_together(app, make_user):
    user = create_user("anna@test.example", "staff", TEST_PASSWORD, display_name="  Anna   Berg ")
    assert user.display_name == "Anna Berg"
    other = make_user("finance", display_name="Björn Borg")
    assert rename_user("ANNA@test.example", "Anna Lind", actor=SYSTEM).display_name == "Anna Lind"
    assert display_names([user.id, other.id, None, 999]) == {user.id: "Anna Lind", other.id: "Björn Borg"}
    assert display_names([]) == {}
    with pytest.raises(Forbidden):
        rename_user(user.email, "Någon", actor=other)


def test_an_admin_moves_staff_between_staff_roles_but_not_themselves_or_customers(app, make_user, make_customer):
    admin, staff = make_user("admin"), make_user("staff")
    customer_user = make_user("customer", customer_id=make_customer().id)
    assert change_role(staff.email, "finance", actor=admin).role == "finance"
    for email, code in ((admin.email, "cannot_change_own_role"), (customer_user.email, "customer_role_fixed")):
        with pytest.raises(Conflict) as refused:
            change_role(email, "staff", actor=admin)
        assert refused.value.code == code
    with pytest.raises(InvalidInput):
        change_role(staff.email, "customer", actor=admin)
    with pytest.raises(Forbidden):
        change_role(admin.email, "staff", actor=staff)


def test_a_token_revoked_by_its_id_stops_working_once(app, make_user):
    staff = make_user("staff")
    secret = issue_token(staff.email)
    [token] = list_tokens(actor=SYSTEM, email=staff.email)
    revoke_token_by_id(token.id, actor=SYSTEM)
    assert user_for_token(secret) is None
    with pytest.raises(Conflict):
        revoke_token_by_id(token.id, actor=SYSTEM)
    with pytest.raises(NotFound):
        revoke_token_by_id(token.id + 100, actor=SYSTEM)


def test_failed_sign_ins_are_listed_per_address_until_unlocked(app, make_user):
    staff, colleague = make_user("staff"), make_user("staff")
    for _ in range(3):
        with pytest.raises(SignInRefused):
            sign_in(staff.email, "wrong", "192.0.2.9")
    assert failed_sign_ins(actor=SYSTEM) == {staff.email: 3}
    assert colleague.email not in failed_sign_ins(actor=SYSTEM)
    unlock_address(staff.email, actor=SYSTEM)
    assert failed_sign_ins(actor=SYSTEM) == {}
