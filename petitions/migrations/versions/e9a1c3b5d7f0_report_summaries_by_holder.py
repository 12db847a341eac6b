"""the forms' summary counted in the daily summaries, by the unit holding each case that day;
the trend by month; each case under its status

Revision ID: e9a1c3b5d7f0
Revises: d8f0b2c4e6a8
Create Date: 2026-12-06 05:50:00

summary_days gains the metrics report_received, report_accepted, report_on_time and
report_late by day and month_* by calendar month (no schema change: `metric` is a string), so
that the dashboard's on-time rates and the public statistics of the running period read them
instead of counting every case after each change; and received_month, resolved_month, so that
the dashboard's trend reads a row per unit, kind and month; and status_<status>, every case
under its unit, kind and status, for the case list's counts. Every case's contribution is
computed again here, by the code that keeps it.
"""

from sqlalchemy.orm import Session
from alembic import op


revision = 'e9a1c3b5d7f0'
down_revision = 'd8f0b2c4e6a8'
branch_labels = None
depends_on = None


def upgrade():
    # Every contribution computed again by the code that keeps them afterwards (imported here:
    # the migration environment loads this module before the application exists).
    from petitions.summaries import maintenance

    session = Session(bind=op.get_bind())
    session.info[maintenance.DEFERRED] = True
    maintenance.rebuild(session)
    session.flush()


def downgrade():
    # Nothing to undo: the code before never reads the extra metrics, and a change it records
    # takes the stored contribution (extra keys included) back out before adding its own.
    pass
