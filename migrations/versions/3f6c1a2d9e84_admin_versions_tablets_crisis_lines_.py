"""admin: versions of tablets, crisis lines, buurtteams and staff roles against lost updates

Revision ID: 3f6c1a2d9e84
Revises: 01fe8ead90ca
Create Date: 2026-12-02 17:40:00.000000

Each counts the administrators' edits only (app.staff.changes.claim): of two administrators saving the
same tablet, crisis line, buurtteam or person's roles at once, the second is told instead of overwriting.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f6c1a2d9e84'
down_revision = '01fe8ead90ca'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('kiosk', 'crisis_line', 'neighbourhood'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('roles_version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_column('roles_version')

    for table in ('neighbourhood', 'crisis_line', 'kiosk'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')
