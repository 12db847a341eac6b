"""figures generation: a counter of changes that drop stored figures

Revision ID: c6e8a0b2d4f6
Revises: b4d6f8a0c2e4
Create Date: 2026-12-06 03:20:00

The figures of the running period are stored too (keyed by the day they stand at); a request
stores what it computed only if this counter has not moved since it began, so figures computed
before a concurrent change are never stored after that change dropped the old ones.
"""

from alembic import op
import sqlalchemy as sa


revision = 'c6e8a0b2d4f6'
down_revision = 'b4d6f8a0c2e4'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'figures_generation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_figures_generation')),
    )
    op.bulk_insert(table, [{'id': 1, 'n': 0}])
    # Figures stored before the counter existed are of closed periods only; keep them. A running
    # period's key carries its day: "2026-01-01..2026-03-31@2026-02-10" needs more than 30.
    with op.batch_alter_table('frozen_figures', schema=None) as batch_op:
        batch_op.alter_column(
            'period', existing_type=sa.String(length=30), type_=sa.String(length=60)
        )


def downgrade():
    with op.batch_alter_table('frozen_figures', schema=None) as batch_op:
        batch_op.alter_column(
            'period', existing_type=sa.String(length=60), type_=sa.String(length=30)
        )
    op.drop_table('figures_generation')
