"""Display names for users (filled from the e-mail's local part) and one-time password-reset links.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('password_resets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_password_resets_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_resets')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_password_resets_token_hash'))
    )
    with op.batch_alter_table('password_resets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_resets_user_id'), ['user_id'], unique=False)

    # ADD COLUMN only: on SQLite a batch "copy and move" of users would trip the foreign keys that point at it,
    # so the column comes NOT NULL with an empty default, is filled, and (on PostgreSQL) loses the default.
    op.add_column('users', sa.Column('display_name', sa.String(length=100), nullable=False, server_default=''))
    # Existing users are named by their address's local part ("anna.berg@…" → "anna.berg") until an admin
    # gives them a real name: better a word colleagues recognise than "User 2".
    users = sa.table('users', sa.column('id', sa.Integer()), sa.column('email', sa.String()),
                     sa.column('display_name', sa.String()))
    connection = op.get_bind()
    for user_id, email in connection.execute(sa.select(users.c.id, users.c.email)).all():
        connection.execute(users.update().where(users.c.id == user_id)
                           .values(display_name=(email.split('@', 1)[0] or email)[:100]))
    if connection.dialect.name == 'postgresql':
        op.alter_column('users', 'display_name', existing_type=sa.String(length=100), server_default=None)


def downgrade():
    op.drop_column('users', 'display_name')
    with op.batch_alter_table('password_resets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_resets_user_id'))
    op.drop_table('password_resets')
