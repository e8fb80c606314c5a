"""The support desk by e-mail: received mail, the inbox, each case's Message-IDs and its attachments; the
outbox gains the headers that thread a conversation.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07

New tables only, plus one nullable ADD COLUMN on outbox (no SQLite rebuild anywhere; case_events and its CHECK
are untouched). inbound_mail, case_mail_ids and case_attachments are append-only like case_events: triggers
refuse UPDATE and DELETE on both engines, and TRUNCATE on PostgreSQL. inbox_items is a work list whose status
moves (open -> case_made / discarded), so it has no such trigger.
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

APPEND_ONLY = ("inbound_mail", "case_mail_ids", "case_attachments")


def _sqlite_triggers(table):
    return (
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused'); END""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE refused'); END""",
    )


def _postgresql_triggers(table):
    return (
        f"""CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION '{table} is append-only: % refused', TG_OP USING ERRCODE = 'raise_exception';
            END $$""",
        f"""CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_append_only()""",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()""",
    )


def _create_tables():
    op.create_table('inbound_mail',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_key', sa.String(length=255), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('sender', sa.String(length=254), nullable=False),
    sa.Column('sender_name', sa.String(length=200), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('raw_sha256', sa.String(length=64), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('automatic', sa.String(length=24), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('case_event_id', sa.Integer(), nullable=True),
    sa.Column('follows_case_id', sa.Integer(), nullable=True),
    sa.Column('skipped_attachments', sa.JSON(), nullable=True),
    sa.Column('raw', sa.LargeBinary(), nullable=True),
    sa.CheckConstraint("outcome IN ('new_case', 'reply', 'inbox', 'ignored')", name=op.f('ck_inbound_mail_outcome')),
    sa.CheckConstraint("source IN ('pipe', 'imap', 'http', 'other')", name=op.f('ck_inbound_mail_source')),
    sa.ForeignKeyConstraint(['case_event_id'], ['case_events.id'], name=op.f('fk_inbound_mail_case_event_id_case_events')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_inbound_mail_case_id_cases')),
    sa.ForeignKeyConstraint(['follows_case_id'], ['cases.id'], name=op.f('fk_inbound_mail_follows_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbound_mail')),
    sa.UniqueConstraint('message_key', name=op.f('uq_inbound_mail_message_key'))
    )
    op.create_index(op.f('ix_inbound_mail_case_id'), 'inbound_mail', ['case_id'], unique=False)
    op.create_index(op.f('ix_inbound_mail_case_event_id'), 'inbound_mail', ['case_event_id'], unique=False)
    op.create_index('ix_inbound_mail_sender_received', 'inbound_mail', ['sender', 'received_at'], unique=False)

    op.create_table('inbox_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inbound_mail_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=24), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('discard_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("reason IN ('unknown_sender', 'several_customers', 'not_a_contact_of_case', 'automatic', "
                       "'rate_limited', 'too_large', 'customer_closed', 'channel_not_in_plan')",
                       name=op.f('ck_inbox_items_reason')),
    sa.CheckConstraint("status IN ('open', 'ignored', 'case_made', 'discarded')", name=op.f('ck_inbox_items_status')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_inbox_items_case_id_cases')),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_inbox_items_decided_by_users')),
    sa.ForeignKeyConstraint(['inbound_mail_id'], ['inbound_mail.id'], name=op.f('fk_inbox_items_inbound_mail_id_inbound_mail')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbox_items')),
    sa.UniqueConstraint('inbound_mail_id', name=op.f('uq_inbox_items_inbound_mail_id'))
    )
    op.create_index('ix_inbox_items_status_created', 'inbox_items', ['status', 'created_at'], unique=False)

    op.create_table('case_mail_ids',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=255), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("direction IN ('in', 'out')", name=op.f('ck_case_mail_ids_direction')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_mail_ids_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_mail_ids')),
    sa.UniqueConstraint('message_id', name=op.f('uq_case_mail_ids_message_id'))
    )
    op.create_index('ix_case_mail_ids_case_id_id', 'case_mail_ids', ['case_id', 'id'], unique=False)

    op.create_table('case_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('case_event_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('size_bytes >= 0', name=op.f('ck_case_attachments_size_not_negative')),
    sa.ForeignKeyConstraint(['case_event_id'], ['case_events.id'], name=op.f('fk_case_attachments_case_event_id_case_events')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_attachments_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_attachments'))
    )
    op.create_index(op.f('ix_case_attachments_case_id'), 'case_attachments', ['case_id'], unique=False)
    op.create_index(op.f('ix_case_attachments_case_event_id'), 'case_attachments', ['case_event_id'], unique=False)


def upgrade():
    _create_tables()
    op.add_column('outbox', sa.Column('headers', sa.JSON(), nullable=True))
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in APPEND_ONLY:
        for statement in _sqlite_triggers(table) if sqlite else _postgresql_triggers(table):
            op.execute(statement)


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in reversed(APPEND_ONLY):
        if sqlite:
            op.execute(f"DROP TRIGGER {table}_no_delete")
            op.execute(f"DROP TRIGGER {table}_no_update")
        else:
            op.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")
            op.execute(f"DROP TRIGGER {table}_no_update_delete ON {table}")
            op.execute(f"DROP FUNCTION {table}_append_only()")
    with op.batch_alter_table('outbox') as batch:
        batch.drop_column('headers')
    op.drop_table('case_attachments')
    op.drop_index('ix_case_mail_ids_case_id_id', table_name='case_mail_ids')
    op.drop_table('case_mail_ids')
    op.drop_index('ix_inbox_items_status_created', table_name='inbox_items')
    op.drop_table('inbox_items')
    op.drop_index('ix_inbound_mail_sender_received', table_name='inbound_mail')
    op.drop_index(op.f('ix_inbound_mail_case_event_id'), table_name='inbound_mail')
    op.drop_index(op.f('ix_inbound_mail_case_id'), table_name='inbound_mail')
    op.drop_table('inbound_mail')
