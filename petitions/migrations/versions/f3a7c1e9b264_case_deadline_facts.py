"""case deadline facts: remote area, decision delivery, extension lengths

Revision ID: f3a7c1e9b264
Revises: d8f4a6b2c913
Create Date: 2026-12-06 00:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3a7c1e9b264'
down_revision = 'd8f4a6b2c913'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extension_days', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('remote', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('decision_delivered_on', sa.Date(), nullable=True))
    # Existing cases take the remote flag of the unit that holds them, as deadlines did so far.
    op.execute(
        "UPDATE cases SET remote = (SELECT units.remote FROM units WHERE units.id = cases.unit_id)"
    )


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('decision_delivered_on')
        batch_op.drop_column('remote')
        batch_op.drop_column('extension_days')
