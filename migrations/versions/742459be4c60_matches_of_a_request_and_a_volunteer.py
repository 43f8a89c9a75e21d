"""matches of a request and a volunteer

A buddy or go-along request and a volunteer (app.models.Match): proposed, introduced, active, ended;
the first meeting, the check-in. Only adds a table.

Revision ID: 742459be4c60
Revises: 9b1b7e91a9a2
Create Date: 2026-12-02 14:15:11.953170

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '742459be4c60'
down_revision = '9b1b7e91a9a2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('buddy_match',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), server_default='proposed', nullable=False),
    sa.Column('ended_reason', sa.String(length=20), nullable=True),
    sa.Column('meeting_at', sa.DateTime(), nullable=True),
    sa.Column('meeting_place_id', sa.Integer(), nullable=True),
    sa.Column('checkin_due', sa.Date(), nullable=True),
    sa.Column('checkin_outcome', sa.String(length=20), nullable=True),
    sa.Column('checkin_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('introduced_at', sa.DateTime(), nullable=True),
    sa.Column('active_at', sa.DateTime(), nullable=True),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['meeting_place_id'], ['place.id'], ),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], ),
    sa.ForeignKeyConstraint(['request_id'], ['buddy_request.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteer.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('buddy_match', schema=None) as batch_op:
        batch_op.create_index('ix_buddy_match_municipality_status', ['municipality_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_buddy_match_request_id'), ['request_id'], unique=False)
        batch_op.create_index('ix_buddy_match_volunteer_status', ['volunteer_id', 'status'], unique=False)



def downgrade():
    with op.batch_alter_table('buddy_match', schema=None) as batch_op:
        batch_op.drop_index('ix_buddy_match_volunteer_status')
        batch_op.drop_index(batch_op.f('ix_buddy_match_request_id'))
        batch_op.drop_index('ix_buddy_match_municipality_status')

    op.drop_table('buddy_match')
