"""privacy: retention periods, anonymised requests, job lock, request neighbourhoods

Each municipality gets its retention periods (12 months; a worry that names someone 6), each request
the moment it was anonymised, and `jobs run` a lock row that two servers share.

Revision ID: dccb165a5c3c
Revises: 93d67a9f9380
Create Date: 2026-12-02 13:23:38.753535

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dccb165a5c3c'
down_revision = '93d67a9f9380'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job_lock',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('holder', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    with op.batch_alter_table('buddy_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymised_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('concern', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymised_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retention_months', sa.Integer(), server_default='12', nullable=False))
        batch_op.add_column(sa.Column('retention_named_worry_months', sa.Integer(), server_default='6', nullable=False))



def downgrade():
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.drop_column('retention_named_worry_months')
        batch_op.drop_column('retention_months')

    with op.batch_alter_table('concern', schema=None) as batch_op:
        batch_op.drop_column('anonymised_at')

    with op.batch_alter_table('buddy_request', schema=None) as batch_op:
        batch_op.drop_column('anonymised_at')

    op.drop_table('job_lock')
