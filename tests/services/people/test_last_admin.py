"""Issue 22 item 19: the last active admin cannot be deactivated or demoted, also when two admins deactivate (or
demote) each other at the same instant: a real race, threads against the database, on both engines."""
import pytest

from ledger.domain.errors import Conflict
from ledger.extensions import db
from ledger.models import User
from ledger.services.access import SYSTEM
from ledger.services.people.users import activate_user, change_role, deactivate_user
from tests.services.helpers import race

ROUNDS = 3


def _active_admins() -> list[str]:
    db.session.rollback()
    return list(db.session.execute(db.select(User.email).where(User.role == "admin", User.active.is_(True))).scalars())


def test_the_last_active_admin_cannot_be_deactivated_or_demoted_even_by_two_admins_at_once(app, make_user):
    first, second = make_user("admin"), make_user("admin")
    deactivate_user(second.email, actor=first)
    for attempt in (lambda: deactivate_user(first.email, actor=SYSTEM),
                    lambda: change_role(first.email, "staff", actor=SYSTEM)):
        with pytest.raises(Conflict) as refused:
            attempt()
        assert (refused.value.code, refused.value.params) == ("last_active_admin", {"email": first.email})
    assert _active_admins() == [first.email]
    activate_user(second.email, actor=first)
    assert change_role(second.email, "finance", actor=first).role == "finance"  # another admin remains: allowed

    for action in ["deactivate", "demote"] * ROUNDS:
        pair = [make_user("admin"), make_user("admin")]
        for email in _active_admins():  # the survivor of the last round steps down: exactly two admins
            if email not in {admin.email for admin in pair}:
                deactivate_user(email, actor=SYSTEM)

        def remove_the_other(index: int):
            me, other = pair[index], pair[1 - index]
            if action == "deactivate":
                return deactivate_user(other.email, actor=me)
            return change_role(other.email, "staff", actor=me)

        outcomes = race(app, remove_the_other, 2)
        refusals = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
        assert len(refusals) == 1, outcomes
        assert isinstance(refusals[0], Conflict) and refusals[0].code in ("last_active_admin", "actor_no_longer_admin")
        assert len(_active_admins()) == 1
