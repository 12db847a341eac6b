"""reports for a statistical period: annual_reports.period (Y, Q1, H1, 9M) in the unique key

Revision ID: c5e2b9a4d701
Revises: b7a1c2d3e4f5
Create Date: 2026-12-06 00:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5e2b9a4d701'
down_revision = 'b7a1c2d3e4f5'
branch_labels = None
depends_on = None


def upgrade():
    # Every report so far is an annual one.
    with op.batch_alter_table('annual_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('period', sa.String(length=3), server_default='Y', nullable=False))
        batch_op.drop_constraint('uq_annual_reports_key', type_='unique')
        batch_op.create_unique_constraint(
            'uq_annual_reports_key', ['unit_id', 'year', 'line', 'consolidated', 'period']
        )


def downgrade():
    op.execute("DELETE FROM annual_reports WHERE period <> 'Y'")
    with op.batch_alter_table('annual_reports', schema=None) as batch_op:
        batch_op.drop_constraint('uq_annual_reports_key', type_='unique')
        batch_op.create_unique_constraint(
            'uq_annual_reports_key', ['unit_id', 'year', 'line', 'consolidated']
        )
        batch_op.drop_column('period')
