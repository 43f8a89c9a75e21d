"""volunteers and their timeline

Volunteers of a municipality (app.models.Volunteer) and the lines of their timeline. Only adds tables.

Revision ID: aeb53144ceeb
Revises: 7e49844d8d9a
Create Date: 2026-12-02 13:23:19.988408

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'aeb53144ceeb'
down_revision = '7e49844d8d9a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('volunteer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('first_name', sa.String(length=60), nullable=False),
    sa.Column('last_name', sa.String(length=80), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('postcode', sa.String(length=7), nullable=False),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('lon', sa.Double(), nullable=True),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=True),
    sa.Column('languages', sa.String(length=60), nullable=False),
    sa.Column('interests', sa.String(length=200), nullable=False),
    sa.Column('days', sa.String(length=40), nullable=False),
    sa.Column('parts_of_day', sa.String(length=40), nullable=False),
    sa.Column('helps_whom', sa.String(length=100), nullable=False),
    sa.Column('helps_whom_text', sa.String(length=200), nullable=True),
    sa.Column('gender', sa.String(length=10), nullable=True),
    sa.Column('capacity', sa.Integer(), server_default='1', nullable=False),
    sa.Column('roles', sa.String(length=60), nullable=False),
    sa.Column('vog_date', sa.Date(), nullable=True),
    sa.Column('training_dates', sa.String(length=120), nullable=False),
    sa.Column('status', sa.String(length=12), server_default='applicant', nullable=False),
    sa.Column('stopped_reason', sa.String(length=20), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], ),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhood.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('volunteer', schema=None) as batch_op:
        batch_op.create_index('ix_volunteer_municipality_email', ['municipality_id', 'email'], unique=False)
        batch_op.create_index('ix_volunteer_municipality_phone', ['municipality_id', 'phone'], unique=False)
        batch_op.create_index('ix_volunteer_municipality_status', ['municipality_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_neighbourhood_id'), ['neighbourhood_id'], unique=False)

    op.create_table('volunteer_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=True),
    sa.Column('text', sa.String(length=2000), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteer.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('volunteer_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_event_volunteer_id'), ['volunteer_id'], unique=False)



def downgrade():
    with op.batch_alter_table('volunteer_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_volunteer_event_volunteer_id'))

    op.drop_table('volunteer_event')
    with op.batch_alter_table('volunteer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_volunteer_neighbourhood_id'))
        batch_op.drop_index('ix_volunteer_municipality_status')
        batch_op.drop_index('ix_volunteer_municipality_phone')
        batch_op.drop_index('ix_volunteer_municipality_email')

    op.drop_table('volunteer')
