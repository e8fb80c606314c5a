"""Staff time: timers, corrections that name each other, and the indexes the hours reports read by.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08

timers is a new ordinary table (a timer's row changes when it stops); a partial unique index keeps one running
timer per user on both engines. tasks gains replaces_task_id and replaced_by_task_id with ADD COLUMN (SQLite
cannot add a foreign key any other way without rebuilding the table), each unique through an index. Reports read a
month of every customer's tasks (work_date) and one person's (created_by, work_date).
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

RUNNING = "stopped_at IS NULL"
LINKS = ("replaces_task_id", "replaced_by_task_id")


def upgrade():
    op.create_table('timers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(length=64), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('stopped_at', sa.DateTime(), nullable=True),
    sa.Column('task_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('stopped_at IS NULL OR stopped_at >= started_at', name=op.f('ck_timers_stopped_after_start')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_timers_case_id_cases')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_timers_customer_id_customers')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_timers_task_id_tasks')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_timers_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timers'))
    )
    op.create_index('uq_timers_running_user_id', 'timers', ['user_id'], unique=True,
                    sqlite_where=sa.text(RUNNING), postgresql_where=sa.text(RUNNING))
    op.create_index('ix_timers_user_started', 'timers', ['user_id', 'started_at'], unique=False)

    for column in LINKS:
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE tasks ADD COLUMN {column} INTEGER "
                       f"CONSTRAINT fk_tasks_{column}_tasks REFERENCES tasks (id)")
        else:
            op.add_column('tasks', sa.Column(column, sa.Integer(), nullable=True))
            op.create_foreign_key(f'fk_tasks_{column}_tasks', 'tasks', 'tasks', [column], ['id'])
        op.create_index(f'uq_tasks_{column}', 'tasks', [column], unique=True)
    op.create_index('ix_tasks_work_date', 'tasks', ['work_date'], unique=False)
    op.create_index('ix_tasks_created_by_work_date', 'tasks', ['created_by', 'work_date'], unique=False)


def downgrade():
    op.drop_index('ix_tasks_created_by_work_date', table_name='tasks')
    op.drop_index('ix_tasks_work_date', table_name='tasks')
    for column in LINKS:
        op.drop_index(f'uq_tasks_{column}', table_name='tasks')
        if op.get_bind().dialect.name != "sqlite":
            op.drop_constraint(f'fk_tasks_{column}_tasks', 'tasks', type_='foreignkey')
        op.drop_column('tasks', column)  # SQLite 3.35+ drops a column with its REFERENCES clause
    op.drop_index('ix_timers_user_started', table_name='timers')
    op.drop_index('uq_timers_running_user_id', table_name='timers')
    op.drop_table('timers')
