"""case summaries kept as the work happens (placeholder, filled by the summaries change)

Revision ID: a3c5e7f9b1d2
Revises: 9b5d3e7f1a26
Create Date: 2026-12-06 03:00:00
"""

revision = 'a3c5e7f9b1d2'
down_revision = '9b5d3e7f1a26'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
