"""requests know their channel: a tablet, the web, or taken by staff on the phone or at the desk

Requests sent from a tablet so far say "kiosk"; the others "web".

Revision ID: 7e49844d8d9a
Revises: 93d67a9f9380
Create Date: 2026-12-02 13:49:55.184923

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7e49844d8d9a'
down_revision = '93d67a9f9380'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('buddy_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=10), server_default='web', nullable=False))

    with op.batch_alter_table('concern', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=10), server_default='web', nullable=False))

    for table in ("buddy_request", "concern"):
        op.execute(f"UPDATE {table} SET channel = 'kiosk' WHERE kiosk_id IS NOT NULL")


def downgrade():
    with op.batch_alter_table('concern', schema=None) as batch_op:
        batch_op.drop_column('channel')

    with op.batch_alter_table('buddy_request', schema=None) as batch_op:
        batch_op.drop_column('channel')

