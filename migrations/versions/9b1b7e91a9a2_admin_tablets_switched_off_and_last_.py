"""admin: tablets switched off and last seen, municipality version, buurtteam contacts, staff invitations

Revision ID: 9b1b7e91a9a2
Revises: 81068ef87ca5
Create Date: 2026-12-02 13:22:44.123800

A tablet can be switched off (its browser is then an ordinary visitor) and says when it was last seen;
a municipality has a version against lost updates (its retention periods came with the privacy step); a neighbourhood has its buurtteam contact; staff are invited by a one-time link.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9b1b7e91a9a2'
down_revision = '81068ef87ca5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('staff_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['invited_by_id'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('staff_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_invitation_staff_id'), ['staff_id'], unique=False)

    with op.batch_alter_table('kiosk', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('last_seen_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('neighbourhood', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_name', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('team_phone', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('team_email', sa.String(length=254), nullable=True))



def downgrade():
    with op.batch_alter_table('neighbourhood', schema=None) as batch_op:
        batch_op.drop_column('team_email')
        batch_op.drop_column('team_phone')
        batch_op.drop_column('team_name')

    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('kiosk', schema=None) as batch_op:
        batch_op.drop_column('last_seen_at')
        batch_op.drop_column('active')

    with op.batch_alter_table('staff_invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_invitation_staff_id'))

    op.drop_table('staff_invitation')
