"""reminders: the daily digest is sent once a day per municipality

Revision ID: 28829f82382e
Revises: 742459be4c60
Create Date: 2026-12-02 14:52:54.458230

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '28829f82382e'
down_revision = '742459be4c60'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('digest_sent',
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], ),
    sa.PrimaryKeyConstraint('municipality_id', 'day')
    )


def downgrade():
    op.drop_table('digest_sent')
