"""Requests for reset links are recorded and handled by a job; customers are found without accents or hyphens.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-08

password_reset_requests: the page that asks for a link to set a new password records the request whatever the
address and answers at once; a job mails the link (or finds no active user) and notes the outcome, so that the
answer takes the same time for known and unknown addresses, and the sweep finds a request a dead worker dropped.

customers.search_text: the name folded (accents dropped, case folded) and the organisation number without
separators, filled here for every customer, so that a search compares plain text on both engines.
"""
import unicodedata

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

_PLAIN_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i"})


def _fold(text):
    """The customers' search form as of this revision (frozen here; the app's own lives in the domain)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().translate(_PLAIN_LETTERS).split())


def _search_text(name, org_number):
    return _fold(name) + "\n" + "".join(char for char in _fold(org_number) if char.isalnum())


def upgrade():
    op.create_table('password_reset_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('handled_at', sa.DateTime(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.CheckConstraint("outcome IN ('mailed', 'no_user', 'held_back')",
                       name=op.f('ck_password_reset_requests_outcome')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_reset_requests'))
    )
    op.create_index('ix_password_reset_requests_email_at', 'password_reset_requests', ['email', 'requested_at'],
                    unique=False)
    op.create_index(op.f('ix_password_reset_requests_handled_at'), 'password_reset_requests', ['handled_at'],
                    unique=False)
    op.add_column('customers', sa.Column('search_text', sa.Text(), server_default='', nullable=False))
    connection = op.get_bind()
    customers = sa.table('customers', sa.column('id', sa.Integer()), sa.column('name', sa.String()),
                         sa.column('org_number', sa.String()), sa.column('search_text', sa.Text()))
    rows = connection.execute(sa.select(customers.c.id, customers.c.name, customers.c.org_number)).all()
    for customer_id, name, org_number in rows:
        connection.execute(customers.update().where(customers.c.id == customer_id)
                           .values(search_text=_search_text(name, org_number)))


def downgrade():
    op.drop_column('customers', 'search_text')  # SQLite has had DROP COLUMN since 3.35
    op.drop_index(op.f('ix_password_reset_requests_handled_at'), table_name='password_reset_requests')
    op.drop_index('ix_password_reset_requests_email_at', table_name='password_reset_requests')
    op.drop_table('password_reset_requests')
