"""organisations own places; editors; listing status and version

Existing places get status 'published' (server default), so what residents saw stays visible.

Revision ID: 06adaa3386d4
Revises: 8acb027757a1
Create Date: 2026-12-02 01:53:47.713486

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '06adaa3386d4'
down_revision = '8acb027757a1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('correction_email', sa.String(length=254), nullable=True),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('municipality_id', 'name')
    )
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('staff_organisation',
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('staff_id', 'organisation_id')
    )
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=10), server_default='published', nullable=False))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.create_index(batch_op.f('ix_place_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_place_status'), ['status'], unique=False)
        batch_op.create_foreign_key('fk_place_owner', 'organisation', ['owner_id'], ['id'])



def downgrade():
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.drop_constraint('fk_place_owner', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_place_status'))
        batch_op.drop_index(batch_op.f('ix_place_owner_id'))
        batch_op.drop_column('version')
        batch_op.drop_column('status')
        batch_op.drop_column('owner_id')

    op.drop_table('staff_organisation')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_municipality_id'))

    op.drop_table('organisation')
