"""privacy: retention periods, anonymised requests, job lock, request neighbourhoods

Each municipality gets its retention periods (12 months; a worry that names someone 6), each request
the moment it was anonymised, and `jobs run` a lock row that two servers share.

Every request gets its wijk: one given by postcode the wijk of its municipality whose CBS outline holds
the postcode's centre, one made from an activity (a buurt) the buurt's wijk. The downgrade leaves them:
a wijk more is no harm to the older code.

Revision ID: dccb165a5c3c
Revises: aeb53144ceeb
Create Date: 2026-12-02 13:23:38.753535

"""
import json
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

from app.geo import outline_contains  # a pure function of a GeoJSON outline and a point


# revision identifiers, used by Alembic.
revision = 'dccb165a5c3c'
down_revision = 'aeb53144ceeb'
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

    for table in ("buddy_request", "concern"):
        fill_neighbourhoods(op.get_bind(), table)


def fill_neighbourhoods(bind, table: str) -> None:
    """Requests without a neighbourhood but with a postcode get the wijk holding the postcode's centre;
    those in a buurt get its wijk."""
    wijken = defaultdict(list)  # municipality id → [(id, lat, lon, outline)], outlines read once
    for row in bind.execute(sa.text("SELECT id, municipality_id, lat, lon, outline FROM neighbourhood "
                                    "WHERE kind = 'wijk' AND outline IS NOT NULL")):
        wijken[row.municipality_id].append((row.id, row.lat, row.lon, json.loads(row.outline)))
    without = bind.execute(sa.text(
        f"SELECT r.id, r.municipality_id, p.lat, p.lon FROM {table} r JOIN postcode p ON p.pc4 = r.postcode "
        "WHERE r.neighbourhood_id IS NULL")).all()
    for row in without:
        nearest_first = sorted(wijken[row.municipality_id],
                               key=lambda wijk: (wijk[1] - row.lat) ** 2 + (wijk[2] - row.lon) ** 2)
        found = next((wijk[0] for wijk in nearest_first if outline_contains(wijk[3], row.lat, row.lon)), None)
        if found is not None:
            bind.execute(sa.text(f"UPDATE {table} SET neighbourhood_id = :wijk WHERE id = :id"),
                         {"wijk": found, "id": row.id})
    bind.execute(sa.text(
        f"UPDATE {table} SET neighbourhood_id = (SELECT parent_id FROM neighbourhood n "
        f"WHERE n.id = {table}.neighbourhood_id) WHERE neighbourhood_id IN "
        "(SELECT id FROM neighbourhood WHERE kind = 'buurt' AND parent_id IS NOT NULL)"))


def downgrade():
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.drop_column('retention_named_worry_months')
        batch_op.drop_column('retention_months')

    with op.batch_alter_table('concern', schema=None) as batch_op:
        batch_op.drop_column('anonymised_at')

    with op.batch_alter_table('buddy_request', schema=None) as batch_op:
        batch_op.drop_column('anonymised_at')

    op.drop_table('job_lock')
