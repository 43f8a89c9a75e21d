"""occurrences: the finder's look-ahead kept in a table, by grid cell and day

Revision ID: b7d41c2e9a10
Revises: 3f6c1a2d9e84
Create Date: 2026-12-02 17:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d41c2e9a10'
down_revision = '3f6c1a2d9e84'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('activity_occurrence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('cell', sa.Integer(), nullable=False),
    sa.Column('lat', sa.Double(), nullable=False),
    sa.Column('lon', sa.Double(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('cost_cents', sa.Integer(), nullable=False),
    sa.Column('signup_required', sa.Boolean(), nullable=False),
    sa.Column('languages', sa.String(length=60), nullable=False),
    sa.Column('step_free', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('activity_occurrence', schema=None) as batch_op:
        batch_op.create_index('ix_activity_occurrence_cell_day', ['cell', 'day'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_occurrence_activity_id'), ['activity_id'], unique=False)

    op.create_table('occurrence_window',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    # Filled by the app's one schedule expander, through this migration's own connection.
    from app import occurrences, schedule

    occurrences.fill(op.get_bind(), schedule.local_now().date())


def downgrade():
    op.drop_table('occurrence_window')
    with op.batch_alter_table('activity_occurrence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_occurrence_activity_id'))
        batch_op.drop_index('ix_activity_occurrence_cell_day')

    op.drop_table('activity_occurrence')
