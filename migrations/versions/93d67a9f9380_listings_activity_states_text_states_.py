"""listings: activity states, text states, history, corrections, HSDS ids

Existing activities get status 'published' (server default). Existing translations were written for
the Dutch text they stand beside, so they get that text's fingerprint: up to date.

Revision ID: 93d67a9f9380
Revises: 06adaa3386d4
Create Date: 2026-12-02 13:04:55.889313

"""
from alembic import op
import hashlib

import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '93d67a9f9380'
down_revision = '06adaa3386d4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('correction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=10), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], ),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], ),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('correction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_correction_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_correction_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_correction_place_id'), ['place_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_correction_status'), ['status'], unique=False)

    op.create_table('listing_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old', sa.Text(), nullable=True),
    sa.Column('new', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], ),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('listing_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listing_change_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_listing_change_place_id'), ['place_id'], unique=False)

    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=10), server_default='published', nullable=False))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('hsds_id', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_activity_hsds_id'), ['hsds_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_status'), ['status'], unique=False)

    with op.batch_alter_table('activity_text', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_digest', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('checked_on', sa.Date(), nullable=True))

    # The same fingerprint as app.models.text_digest, written out here so that this step never changes.
    connection = op.get_bind()
    dutch = connection.execute(sa.text(
        "SELECT activity_id, title, description FROM activity_text WHERE lang = 'nl'")).all()
    for activity_id, title, description in dutch:
        digest = hashlib.sha256(f"{title}\n{description or ''}".encode()).hexdigest()[:16]
        connection.execute(sa.text("UPDATE activity_text SET source_digest = :digest "
                                   "WHERE activity_id = :activity_id AND lang != 'nl'"),
                           {"digest": digest, "activity_id": activity_id})

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hsds_id', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_organisation_hsds_id'), ['hsds_id'], unique=False)

    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hsds_id', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_place_hsds_id'), ['hsds_id'], unique=False)



def downgrade():
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_place_hsds_id'))
        batch_op.drop_column('hsds_id')

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_hsds_id'))
        batch_op.drop_column('hsds_id')

    with op.batch_alter_table('activity_text', schema=None) as batch_op:
        batch_op.drop_column('checked_on')
        batch_op.drop_column('source_digest')

    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_status'))
        batch_op.drop_index(batch_op.f('ix_activity_hsds_id'))
        batch_op.drop_column('hsds_id')
        batch_op.drop_column('version')
        batch_op.drop_column('status')

    with op.batch_alter_table('listing_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listing_change_place_id'))
        batch_op.drop_index(batch_op.f('ix_listing_change_activity_id'))

    op.drop_table('listing_change')
    with op.batch_alter_table('correction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_correction_status'))
        batch_op.drop_index(batch_op.f('ix_correction_place_id'))
        batch_op.drop_index(batch_op.f('ix_correction_created_at'))
        batch_op.drop_index(batch_op.f('ix_correction_activity_id'))

    op.drop_table('correction')
