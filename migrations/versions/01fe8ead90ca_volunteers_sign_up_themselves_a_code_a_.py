"""volunteers sign up themselves: a code, a channel, a language and consent

Revision ID: 01fe8ead90ca
Revises: 28829f82382e
Create Date: 2026-12-02 17:20:28.520759

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '01fe8ead90ca'
down_revision = '28829f82382e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('volunteer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reference', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('submission_token', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('channel', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('language', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('consent_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('consent_version', sa.String(length=20), nullable=True))
        batch_op.create_unique_constraint('uq_volunteer_submission_token', ['submission_token'])
        batch_op.create_unique_constraint('uq_volunteer_reference', ['reference'])



def downgrade():
    with op.batch_alter_table('volunteer', schema=None) as batch_op:
        batch_op.drop_constraint('uq_volunteer_reference', type_='unique')
        batch_op.drop_constraint('uq_volunteer_submission_token', type_='unique')
        batch_op.drop_column('consent_version')
        batch_op.drop_column('consent_at')
        batch_op.drop_column('language')
        batch_op.drop_column('channel')
        batch_op.drop_column('submission_token')
        batch_op.drop_column('reference')
