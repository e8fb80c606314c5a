"""Finance works from the pages: payment methods, reversals, refunds and write-offs; reminders with their fee and
recipients; reference rates; invoices drafted now, with lines finance adds, reminder fees and late interest;
invoice numbers unique per series; the other-language copy kept; discarded drafts remembered.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08

Every money movement stays an append-only row with its date, amount and currency (and, in a foreign currency, the
exchange rate used), so that the books can book it without guessing: payments gain `kind` (payment, reversal,
refund), `method`, the payment a reversal or refund answers, and the rate; write_offs is new and append-only.

invoices, invoice_lines and payments change a UNIQUE or CHECK constraint, which SQLite only changes by building
the table anew. The rows are copied aside, the table is dropped and created again from its own DDL with the change,
the rows go back in id order, and its indexes and triggers are replayed. Foreign keys stay on: they are checked at
commit (defer_foreign_keys), once every parent row is back, and `PRAGMA foreign_key_check` must then find nothing.
Dropping a table fires none of its triggers, so the issued-invoice and append-only triggers hold throughout.
On PostgreSQL the same changes are ALTERs; the append-only trigger of payments is disabled for the one UPDATE that
gives the existing rows their kind (negative amounts were reversals) and method (bank file rows: bankgiro).
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

MINOR_UNITS = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
ONE_PER_MONTH_BEFORE = "kind = 'invoice' AND replaces_invoice_id IS NULL"
#: The month's invoice stays one per customer; an invoice drafted now (origin 'now') is not the month's.
ONE_PER_MONTH = "kind = 'invoice' AND replaces_invoice_id IS NULL AND origin = 'run'"
LINE_KINDS_BEFORE = "kind IN ('monthly_fee', 'hour_package', 'hours_owed', 'agreement')"
LINE_KINDS = ("kind IN ('monthly_fee', 'hour_package', 'hours_owed', 'agreement', 'reminder_fee', 'late_interest', "
              "'extra')")
MANUAL_REASON = "source <> 'manual' OR (invoice_id IS NOT NULL AND reason IS NOT NULL)"
MANUAL_INVOICE = "source <> 'manual' OR invoice_id IS NOT NULL"
PAYMENT_KINDS = "kind IN ('payment', 'reversal', 'refund')"
REVERSAL_REASON = "kind <> 'reversal' OR reason IS NOT NULL"
TAKEN_BACK_NEGATIVE = "kind = 'payment' OR amount_minor < 0"
METHODS = "method IS NULL OR method IN ('bankgiro', 'transfer', 'swish', 'card', 'other')"
ORIGINS = "origin IN ('run', 'now')"
APPEND_ONLY = ('write_offs', 'invoice_copies')


def _sqlite_triggers(table):
    return (
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
           BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused'); END""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
           BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE refused'); END""",
    )


POSTGRESQL_FUNCTION = """CREATE FUNCTION finance_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'raise_exception';
       END $$"""


def _postgresql_triggers(table):
    return (
        f"""CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table}
           FOR EACH ROW EXECUTE FUNCTION finance_append_only()""",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
           FOR EACH STATEMENT EXECUTE FUNCTION finance_append_only()""",
    )


def _create_tables():
    op.create_table('write_offs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('amount_minor', MINOR_UNITS, nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('written_off_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('exchange_rate_micro', sa.BigInteger(), nullable=True),
    sa.Column('exchange_rate_date', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.CheckConstraint('amount_minor > 0', name=op.f('ck_write_offs_positive')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_write_offs_created_by_users')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_write_offs_customer_id_customers')),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_write_offs_invoice_id_invoices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_write_offs'))
    )
    op.create_index(op.f('ix_write_offs_invoice_id'), 'write_offs', ['invoice_id'], unique=False)
    op.create_table('reference_rates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('rate_bp', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_reference_rates_created_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_rates')),
    sa.UniqueConstraint('valid_from', name=op.f('uq_reference_rates_valid_from'))
    )
    op.create_table('invoice_copies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_invoice_copies_invoice_id_invoices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice_copies')),
    sa.UniqueConstraint('invoice_id', 'language', name=op.f('uq_invoice_copies_invoice_id_language'))
    )
    op.create_table('discarded_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('discarded_at', sa.DateTime(), nullable=False),
    sa.Column('discarded_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_discarded_drafts_customer_id_customers')),
    sa.ForeignKeyConstraint(['discarded_by'], ['users.id'], name=op.f('fk_discarded_drafts_discarded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discarded_drafts'))
    )
    op.create_index(op.f('ix_discarded_drafts_invoice_id'), 'discarded_drafts', ['invoice_id'], unique=False)


def _rebuild_sqlite(table, replacements, added_columns, copied_columns):
    """Build `table` anew with its DDL changed by `replacements` (each found exactly once) and `added_columns`
    appended; the rows go back in id order, `copied_columns` naming what each new column is filled from."""
    connection = op.get_bind()
    table_sql = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).scalar_one()
    for before, after in replacements:
        if table_sql.count(before) != 1:
            raise RuntimeError(f"{table} has unexpected DDL ({before!r}); change it by hand before migrating")
        table_sql = table_sql.replace(before, after)
    head, _, constraints = table_sql.partition("\tCONSTRAINT pk_")
    table_sql = head + "".join(f"{column}, \n\t" for column in added_columns) + "CONSTRAINT pk_" + constraints
    companions = [sql for (sql,) in connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL "
        "ORDER BY type, name", (table,))]
    old_columns = [row[1] for row in connection.exec_driver_sql(f"PRAGMA table_info({table})")]
    op.execute(f"CREATE TEMP TABLE {table}_before_0016 AS SELECT * FROM {table}")
    op.execute(f"DROP TABLE {table}")
    op.execute(table_sql)
    targets = old_columns + list(copied_columns)
    sources = old_columns + list(copied_columns.values())
    op.execute(f"INSERT INTO {table} ({', '.join(targets)}) SELECT {', '.join(sources)} "
               f"FROM temp.{table}_before_0016 ORDER BY id")
    op.execute(f"DROP TABLE temp.{table}_before_0016")
    for statement in companions:
        op.execute(statement)


def _upgrade_sqlite():
    op.execute("PRAGMA defer_foreign_keys = ON")
    _rebuild_sqlite(
        'invoices',
        [("CONSTRAINT uq_invoices_number UNIQUE (number)",
          "CONSTRAINT uq_invoices_series_number UNIQUE (series, number)"),
         ("CONSTRAINT ck_invoices_kind CHECK",
          f"CONSTRAINT ck_invoices_origin CHECK ({ORIGINS}), \n\tCONSTRAINT ck_invoices_kind CHECK")],
        ["origin VARCHAR(8) DEFAULT 'run' NOT NULL", "specification TEXT"], {})
    _rebuild_sqlite(
        'invoice_lines',
        [(LINE_KINDS_BEFORE, LINE_KINDS)],
        ["reminder_id INTEGER", "interest_invoice_id INTEGER", "quantity_hundredths BIGINT", "unit VARCHAR(8)",
         "CONSTRAINT fk_invoice_lines_reminder_id_payment_reminders FOREIGN KEY(reminder_id) "
         "REFERENCES payment_reminders (id)",
         "CONSTRAINT fk_invoice_lines_interest_invoice_id_invoices FOREIGN KEY(interest_invoice_id) "
         "REFERENCES invoices (id)"], {})
    _rebuild_sqlite(
        'payments',
        [(f"CONSTRAINT ck_payments_manual_reason CHECK ({MANUAL_REASON})",
          f"CONSTRAINT ck_payments_manual_invoice CHECK ({MANUAL_INVOICE}), \n"
          f"\tCONSTRAINT ck_payments_kind CHECK ({PAYMENT_KINDS}), \n"
          f"\tCONSTRAINT ck_payments_reversal_reason CHECK ({REVERSAL_REASON}), \n"
          f"\tCONSTRAINT ck_payments_taken_back_negative CHECK ({TAKEN_BACK_NEGATIVE}), \n"
          f"\tCONSTRAINT ck_payments_method CHECK ({METHODS})")],
        ["kind VARCHAR(8) DEFAULT 'payment' NOT NULL", "method VARCHAR(8)", "reverses_payment_id INTEGER",
         "refunds_payment_id INTEGER", "exchange_rate_micro BIGINT", "exchange_rate_date DATE",
         "CONSTRAINT fk_payments_reverses_payment_id_payments FOREIGN KEY(reverses_payment_id) "
         "REFERENCES payments (id)",
         "CONSTRAINT fk_payments_refunds_payment_id_payments FOREIGN KEY(refunds_payment_id) REFERENCES payments (id)",
         "CONSTRAINT uq_payments_reverses_payment_id UNIQUE (reverses_payment_id)"],
        {"kind": "CASE WHEN amount_minor < 0 THEN 'reversal' ELSE 'payment' END",
         "method": "CASE WHEN source = 'bgmax' THEN 'bankgiro' END"})
    op.execute("ALTER TABLE payment_reminders ADD COLUMN sent_to TEXT")
    op.execute("ALTER TABLE payment_reminders ADD COLUMN fee_minor INTEGER DEFAULT 0 NOT NULL")
    op.execute("ALTER TABLE payment_reminders ADD COLUMN created_by INTEGER "
               "CONSTRAINT fk_payment_reminders_created_by_users REFERENCES users (id)")
    broken = op.get_bind().exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"foreign keys broken by the rebuild: {broken[:5]}")


def _upgrade_postgresql():
    op.drop_constraint(op.f('uq_invoices_number'), 'invoices', type_='unique')
    op.create_unique_constraint(op.f('uq_invoices_series_number'), 'invoices', ['series', 'number'])
    op.add_column('invoices', sa.Column('origin', sa.String(length=8), server_default='run', nullable=False))
    op.add_column('invoices', sa.Column('specification', sa.Text(), nullable=True))
    op.create_check_constraint(op.f('ck_invoices_origin'), 'invoices', ORIGINS)

    op.drop_constraint(op.f('ck_invoice_lines_kind'), 'invoice_lines', type_='check')
    op.create_check_constraint(op.f('ck_invoice_lines_kind'), 'invoice_lines', LINE_KINDS)
    op.add_column('invoice_lines', sa.Column('reminder_id', sa.Integer(), nullable=True))
    op.add_column('invoice_lines', sa.Column('interest_invoice_id', sa.Integer(), nullable=True))
    op.add_column('invoice_lines', sa.Column('quantity_hundredths', sa.BigInteger(), nullable=True))
    op.add_column('invoice_lines', sa.Column('unit', sa.String(length=8), nullable=True))
    op.create_foreign_key(op.f('fk_invoice_lines_reminder_id_payment_reminders'), 'invoice_lines',
                          'payment_reminders', ['reminder_id'], ['id'])
    op.create_foreign_key(op.f('fk_invoice_lines_interest_invoice_id_invoices'), 'invoice_lines', 'invoices',
                          ['interest_invoice_id'], ['id'])

    op.add_column('payments', sa.Column('kind', sa.String(length=8), server_default='payment', nullable=False))
    op.add_column('payments', sa.Column('method', sa.String(length=8), nullable=True))
    op.add_column('payments', sa.Column('reverses_payment_id', sa.Integer(), nullable=True))
    op.add_column('payments', sa.Column('refunds_payment_id', sa.Integer(), nullable=True))
    op.add_column('payments', sa.Column('exchange_rate_micro', sa.BigInteger(), nullable=True))
    op.add_column('payments', sa.Column('exchange_rate_date', sa.Date(), nullable=True))
    op.execute("ALTER TABLE payments DISABLE TRIGGER payments_no_update_delete")
    op.execute("UPDATE payments SET kind = CASE WHEN amount_minor < 0 THEN 'reversal' ELSE 'payment' END, "
               "method = CASE WHEN source = 'bgmax' THEN 'bankgiro' END")
    op.execute("ALTER TABLE payments ENABLE TRIGGER payments_no_update_delete")
    op.drop_constraint(op.f('ck_payments_manual_reason'), 'payments', type_='check')
    for name, condition in (('manual_invoice', MANUAL_INVOICE), ('kind', PAYMENT_KINDS),
                            ('reversal_reason', REVERSAL_REASON), ('taken_back_negative', TAKEN_BACK_NEGATIVE),
                            ('method', METHODS)):
        op.create_check_constraint(op.f(f'ck_payments_{name}'), 'payments', condition)
    op.create_foreign_key(op.f('fk_payments_reverses_payment_id_payments'), 'payments', 'payments',
                          ['reverses_payment_id'], ['id'])
    op.create_foreign_key(op.f('fk_payments_refunds_payment_id_payments'), 'payments', 'payments',
                          ['refunds_payment_id'], ['id'])
    op.create_unique_constraint(op.f('uq_payments_reverses_payment_id'), 'payments', ['reverses_payment_id'])

    op.add_column('payment_reminders', sa.Column('sent_to', sa.Text(), nullable=True))
    op.add_column('payment_reminders', sa.Column('fee_minor', MINOR_UNITS, server_default='0', nullable=False))
    op.add_column('payment_reminders', sa.Column('created_by', sa.Integer(), nullable=True))
    op.create_foreign_key(op.f('fk_payment_reminders_created_by_users'), 'payment_reminders', 'users',
                          ['created_by'], ['id'])


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _upgrade_sqlite()
    else:
        _upgrade_postgresql()
    op.drop_index('uq_invoices_customer_period', table_name='invoices')
    op.create_index('uq_invoices_customer_period', 'invoices', ['customer_id', 'period'], unique=True,
                    sqlite_where=sa.text(ONE_PER_MONTH), postgresql_where=sa.text(ONE_PER_MONTH))
    op.create_index(op.f('ix_invoice_lines_reminder_id'), 'invoice_lines', ['reminder_id'], unique=False)
    op.create_index(op.f('ix_invoice_lines_interest_invoice_id'), 'invoice_lines', ['interest_invoice_id'],
                    unique=False)
    op.create_index(op.f('ix_payments_refunds_payment_id'), 'payments', ['refunds_payment_id'], unique=False)
    _create_tables()
    if sqlite:
        for table in APPEND_ONLY:
            for statement in _sqlite_triggers(table):
                op.execute(statement)
    else:
        op.execute(POSTGRESQL_FUNCTION)
        for table in APPEND_ONLY:
            for statement in _postgresql_triggers(table):
                op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        raise NotImplementedError(
            "Downgrading below 0019 on SQLite would rebuild the invoices, their lines and the payments; restore a "
            "backup taken with `flask ledger backup` instead."
        )
    for table in ('discarded_drafts', 'invoice_copies', 'reference_rates', 'write_offs'):
        op.drop_table(table)
    op.execute("DROP FUNCTION finance_append_only()")
    op.drop_index(op.f('ix_payments_refunds_payment_id'), table_name='payments')
    op.drop_index(op.f('ix_invoice_lines_interest_invoice_id'), table_name='invoice_lines')
    op.drop_index(op.f('ix_invoice_lines_reminder_id'), table_name='invoice_lines')
    op.drop_index('uq_invoices_customer_period', table_name='invoices')
    op.create_index('uq_invoices_customer_period', 'invoices', ['customer_id', 'period'], unique=True,
                    postgresql_where=sa.text(ONE_PER_MONTH_BEFORE))
    op.drop_constraint(op.f('fk_payment_reminders_created_by_users'), 'payment_reminders', type_='foreignkey')
    for column in ('created_by', 'fee_minor', 'sent_to'):
        op.drop_column('payment_reminders', column)
    for name in ('method', 'taken_back_negative', 'reversal_reason', 'kind', 'manual_invoice'):
        op.drop_constraint(op.f(f'ck_payments_{name}'), 'payments', type_='check')
    op.drop_constraint(op.f('uq_payments_reverses_payment_id'), 'payments', type_='unique')
    op.drop_constraint(op.f('fk_payments_refunds_payment_id_payments'), 'payments', type_='foreignkey')
    op.drop_constraint(op.f('fk_payments_reverses_payment_id_payments'), 'payments', type_='foreignkey')
    for column in ('exchange_rate_date', 'exchange_rate_micro', 'refunds_payment_id', 'reverses_payment_id',
                   'method', 'kind'):
        op.drop_column('payments', column)
    # Payments recorded by hand since 0016 may have no reason: the CHECK restored asks only for their invoice.
    op.create_check_constraint(op.f('ck_payments_manual_reason'), 'payments',
                               "source <> 'manual' OR invoice_id IS NOT NULL")
    op.drop_constraint(op.f('fk_invoice_lines_interest_invoice_id_invoices'), 'invoice_lines', type_='foreignkey')
    op.drop_constraint(op.f('fk_invoice_lines_reminder_id_payment_reminders'), 'invoice_lines', type_='foreignkey')
    for column in ('unit', 'quantity_hundredths', 'interest_invoice_id', 'reminder_id'):
        op.drop_column('invoice_lines', column)
    op.drop_constraint(op.f('ck_invoice_lines_kind'), 'invoice_lines', type_='check')
    op.create_check_constraint(op.f('ck_invoice_lines_kind'), 'invoice_lines', LINE_KINDS_BEFORE)
    op.drop_constraint(op.f('ck_invoices_origin'), 'invoices', type_='check')
    op.drop_column('invoices', 'specification')
    op.drop_column('invoices', 'origin')
    op.drop_constraint(op.f('uq_invoices_series_number'), 'invoices', type_='unique')
    op.create_unique_constraint(op.f('uq_invoices_number'), 'invoices', ['number'])
