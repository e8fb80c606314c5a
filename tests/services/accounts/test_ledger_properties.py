"""A model of the ledger predicts, for random purchases, adjustments and debits, what is accepted and the exact
balance; L2 and L4 are checked after every step, with and without an overdraft limit."""
import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from ledger.domain.errors import InsufficientHours
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_adjustment, record_purchase
from ledger.services.accounts.verify import verify_ledger
from tests.services.helpers import assert_account_sound, debit

LIMITS = st.one_of(st.none(), st.integers(0, 600))
MINUTES = st.integers(1, 900)
#: Runs of the state machine; SERVICEKONTO_LEDGER_EXAMPLES=200 explores far more sequences.
LEDGER_EXAMPLES = int(os.environ.get("SERVICEKONTO_LEDGER_EXAMPLES", "15"))


def test_the_ledger_behaves_like_its_model(app, make_customer):
    class LedgerMachine(RuleBasedStateMachine):
        @initialize(limit=LIMITS)
        def open_account(self, limit):
            self.limit = limit
            self.customer_id = make_customer(overdraft_limit_minutes=limit).id
            self.balance = 0

        def allowed(self, debit: int) -> bool:
            return self.limit is None or self.balance - debit >= -self.limit

        def attempt(self, debit: int, book) -> None:
            expected = self.allowed(debit)
            try:
                result = book()
            except InsufficientHours as refused:
                assert not expected, f"refused although the model allows it: {refused.message}"
                assert refused.params["balance_minutes"] == self.balance
                return
            assert expected, "accepted although it passes the overdraft limit"
            assert result.balance_minutes == self.balance - debit
            self.balance -= debit

        @rule(minutes=MINUTES)
        def buy_hours(self, minutes):
            self.attempt(-minutes, lambda: record_purchase(self.customer_id, minutes, "100.00", actor=SYSTEM))

        @rule(minutes=MINUTES)
        def debit_work(self, minutes):
            self.attempt(minutes, lambda: debit(self.customer_id, minutes, "work", actor=SYSTEM))

        @rule(minutes=st.integers(-900, 900).filter(bool))
        def adjust(self, minutes):
            self.attempt(-minutes, lambda: record_adjustment(self.customer_id, minutes, "correction", actor=SYSTEM))

        @invariant()
        def l2_and_l4_hold(self):
            assert assert_account_sound(self.customer_id, self.limit) == self.balance
            if self.limit is not None:
                assert self.balance >= -self.limit

        def teardown(self):
            assert verify_ledger().ok

    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=LEDGER_EXAMPLES, stateful_step_count=15, deadline=None, suppress_health_check=[HealthCheck.too_slow]
        ),
    )
