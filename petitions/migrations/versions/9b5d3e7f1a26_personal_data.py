"""personal data: retention, data subjects' requests, consents

Revision ID: 9b5d3e7f1a26
Revises: 8a4f2c6d1e90
Create Date: 2026-12-06 01:00:00

A case records the day its personal data were removed at the end of the retention period
(cases.anonymised_on); data_requests keeps each data subject's request with its deadline and
answer; consents keeps each consent given on the online form with the notice version.
"""

from alembic import op
import sqlalchemy as sa

import petitions.database


revision = '9b5d3e7f1a26'
down_revision = '8a4f2c6d1e90'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymised_on', sa.Date(), nullable=True))
    op.create_table(
        'data_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('access', 'correction', 'erasure', name='requestkind', native_enum=False, length=20), nullable=False),
        sa.Column('status', sa.Enum('open', 'answered', 'refused', name='requeststatus', native_enum=False, length=20), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=True),
        sa.Column('subject_digest', sa.String(length=64), nullable=True),
        sa.Column('details', sa.Text(), nullable=False),
        sa.Column('received_on', sa.Date(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('answered_on', sa.Date(), nullable=True),
        sa.Column('answer', sa.Text(), nullable=False),
        sa.Column('handled_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', petitions.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_data_requests_case_id_cases')),
        sa.ForeignKeyConstraint(['handled_by_id'], ['users.id'], name=op.f('fk_data_requests_handled_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_requests')),
    )
    with op.batch_alter_table('data_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_requests_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_data_requests_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_data_requests_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_data_requests_subject_digest'), ['subject_digest'], unique=False)
    op.create_table(
        'consents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('notice_version', sa.String(length=20), nullable=False),
        sa.Column('purposes', sa.String(length=200), nullable=False),
        sa.Column('given_at', petitions.database.UTCDateTime(), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('withdrawn_at', petitions.database.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_consents_case_id_cases'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_consents')),
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consents_case_id'), ['case_id'], unique=False)


def downgrade():
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consents_case_id'))
    op.drop_table('consents')
    with op.batch_alter_table('data_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_requests_subject_digest'))
        batch_op.drop_index(batch_op.f('ix_data_requests_status'))
        batch_op.drop_index(batch_op.f('ix_data_requests_due_on'))
        batch_op.drop_index(batch_op.f('ix_data_requests_case_id'))
    op.drop_table('data_requests')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('anonymised_on')
