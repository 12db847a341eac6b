"""oversight indexes: back-dated history entries by entry time; the daily summaries covering

Revision ID: d8f0b2c4e6a8
Revises: c6e8a0b2d4f6
Create Date: 2026-12-06 03:40:00

The dashboard counts back-dated entries and shows the latest (an index range on (backdated,
entered_at) instead of every back-dated row); the monthly trend sums the daily summaries of a
year from the index alone (metric, day, unit_id, kind, n).
"""

from alembic import op


revision = 'd8f0b2c4e6a8'
down_revision = 'c6e8a0b2d4f6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_index('ix_case_events_backdated')
        batch_op.create_index(
            'ix_case_events_backdated_entered', ['backdated', 'entered_at'], unique=False
        )
    with op.batch_alter_table('summary_days', schema=None) as batch_op:
        batch_op.drop_index('ix_summary_days_metric_day')
        batch_op.create_index(
            'ix_summary_days_metric_day', ['metric', 'day', 'unit_id', 'kind', 'n'], unique=False
        )


def downgrade():
    with op.batch_alter_table('summary_days', schema=None) as batch_op:
        batch_op.drop_index('ix_summary_days_metric_day')
        batch_op.create_index('ix_summary_days_metric_day', ['metric', 'day'], unique=False)
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_index('ix_case_events_backdated_entered')
        batch_op.create_index('ix_case_events_backdated', ['backdated'], unique=False)
