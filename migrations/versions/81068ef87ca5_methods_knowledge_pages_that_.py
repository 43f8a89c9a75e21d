"""methods: knowledge pages that administrators write for their staff

Revision ID: 81068ef87ca5
Revises: dccb165a5c3c
Create Date: 2026-12-02 14:21:46.641589

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '81068ef87ca5'
down_revision = 'dccb165a5c3c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('method',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], ),
    sa.ForeignKeyConstraint(['updated_by_id'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('method', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_method_municipality_id'), ['municipality_id'], unique=False)



def downgrade():
    with op.batch_alter_table('method', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_method_municipality_id'))

    op.drop_table('method')
