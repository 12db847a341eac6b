"""case summaries kept as the work happens, and the frozen figures of closed periods

Revision ID: a3c5e7f9b1d2
Revises: 9b5d3e7f1a26
Create Date: 2026-12-06 03:00:00

summary_contributions holds what each case adds to the counts; summary_open counts the cases
open now by unit, kind, status and earliest running due date; summary_days what happened each
day (received, accepted, resolved on time or late, closed) by unit, kind and channel;
frozen_figures the figures of statistical periods that have ended. The counts are filled from
the existing cases here (petitions.summaries.maintenance.rebuild).
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session


revision = 'a3c5e7f9b1d2'
down_revision = '9b5d3e7f1a26'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'summary_contributions',
        sa.Column('case_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('keys', sa.JSON(), nullable=False),
        sa.Column('valid_from', sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint('case_id', name=op.f('pk_summary_contributions')),
    )
    with op.batch_alter_table('summary_contributions', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_summary_contributions_valid_from'), ['valid_from'], unique=False
        )
    op.create_table(
        'summary_open',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_open')),
        sa.UniqueConstraint('unit_id', 'kind', 'status', 'due_on', name='uq_summary_open_key'),
    )
    op.create_table(
        'summary_days',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('metric', sa.String(length=20), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_days')),
        sa.UniqueConstraint(
            'unit_id', 'kind', 'channel', 'metric', 'day', name='uq_summary_days_key'
        ),
    )
    with op.batch_alter_table('summary_days', schema=None) as batch_op:
        batch_op.create_index('ix_summary_days_metric_day', ['metric', 'day'], unique=False)
    op.create_table(
        'frozen_figures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.String(length=200), nullable=False),
        sa.Column('period', sa.String(length=30), nullable=False),
        sa.Column('form', sa.String(length=20), nullable=False),
        sa.Column('period_end', sa.Date(), nullable=False),
        sa.Column('figures', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_frozen_figures')),
        sa.UniqueConstraint('scope', 'period', 'form', name='uq_frozen_figures_key'),
    )
    with op.batch_alter_table('frozen_figures', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_frozen_figures_period_end'), ['period_end'], unique=False
        )
    # The counts of the cases already there, by the same code that keeps them afterwards.
    from petitions.summaries import maintenance

    session = Session(bind=op.get_bind())
    session.info[maintenance.DEFERRED] = True
    maintenance.rebuild(session)
    session.flush()


def downgrade():
    op.drop_table('frozen_figures')
    op.drop_table('summary_days')
    op.drop_table('summary_open')
    op.drop_table('summary_contributions')
