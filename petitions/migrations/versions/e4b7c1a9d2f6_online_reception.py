"""online reception (LTCD art. 3a, Law 136/2025/QH15): a session's mode, link and recording;
a visit's mode

Revision ID: e4b7c1a9d2f6
Revises: f3a7c1e9b264
Create Date: 2026-12-06 00:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4b7c1a9d2f6'
down_revision = 'f3a7c1e9b264'
branch_labels = None
depends_on = None

MODE = sa.Enum('in_person', 'online', name='sessionmode', native_enum=False, length=20)


def upgrade():
    # Every session and visit so far was in person.
    with op.batch_alter_table('reception_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mode', MODE, server_default='in_person', nullable=False))
        batch_op.add_column(sa.Column('online_url', sa.String(length=500), nullable=True))
        batch_op.add_column(
            sa.Column('recorded', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table('reception_visits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mode', MODE, server_default='in_person', nullable=False))


def downgrade():
    with op.batch_alter_table('reception_visits', schema=None) as batch_op:
        batch_op.drop_column('mode')
    with op.batch_alter_table('reception_sessions', schema=None) as batch_op:
        batch_op.drop_column('recorded')
        batch_op.drop_column('online_url')
        batch_op.drop_column('mode')
