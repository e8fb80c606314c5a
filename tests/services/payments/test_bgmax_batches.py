"""A big BgMax file is stored in a few round trips, not one per payment (issue 22: 10,000 payments took 10.7 s on
PostgreSQL); the upload limit is a setting."""
from sqlalchemy import event, func, select

from ledger import create_app
from ledger.extensions import db
from ledger.models import Payment
from ledger.services.access import SYSTEM
from ledger.services.payments.intake import import_bgmax
from tests.conftest import app_config
from tests.domain.bgmax_files import Deposit, Pay, bgmax_file

PAYMENTS = 1_200


def test_a_bgmax_file_of_many_payments_is_stored_in_a_few_round_trips_and_once(numbered):
    [invoice] = numbered()
    data = bgmax_file([Deposit(serial=serial, payments=[Pay(100 + index, invoice.ocr if index % 3 else "")
                                                        for index in range(PAYMENTS // 4)]) for serial in range(1, 5)])
    statements = []
    listener = lambda *_args: statements.append(1)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        result = import_bgmax(data, actor=SYSTEM)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert (len(result.matched), len(result.unmatched)) == (PAYMENTS * 2 // 3, PAYMENTS // 3)
    assert len(statements) <= 12, f"{len(statements)} round trips for {PAYMENTS} payments"
    again = import_bgmax(data, actor=SYSTEM)
    assert len(again.already_imported) == PAYMENTS
    assert db.session.execute(select(func.count(Payment.id))).scalar_one() == PAYMENTS


def test_the_upload_limit_is_a_setting_of_10_mb_by_default():
    url = "sqlite:///:memory:"
    assert create_app(app_config(url)).config["MAX_CONTENT_LENGTH"] == 10 * 1024 * 1024
    assert create_app(app_config(url, MAX_UPLOAD_MB="25")).config["MAX_CONTENT_LENGTH"] == 25 * 1024 * 1024
