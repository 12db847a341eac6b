"""the document register: issuers' settings, yearly counters, numbered documents

Revision ID: e4d16a0c5b21
Revises: e4b7c1a9d2f6
Create Date: 2026-12-06 00:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

from petitions.database import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'e4d16a0c5b21'
down_revision = 'e4b7c1a9d2f6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'document_issuers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('abbreviation', sa.String(length=20), nullable=True),
        sa.Column('governing_body', sa.String(length=255), nullable=True),
        sa.Column('place', sa.String(length=100), nullable=True),
        sa.Column('head_title', sa.String(length=100), nullable=True),
        sa.Column('chief_id', sa.Integer(), nullable=True),
        sa.Column('numbers_per_type', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['chief_id'], ['users.id']),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('unit_id'),
    )
    op.create_table(
        'register_counters',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('register', sa.String(length=20), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('last_number', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('unit_id', 'register', 'year'),
    )
    op.create_table(
        'official_documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('register', sa.String(length=20), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('sequence', sa.Integer(), nullable=True),
        sa.Column('number', sa.String(length=60), nullable=False),
        sa.Column('typed', sa.Boolean(), nullable=False),
        sa.Column('instrument', sa.String(length=40), nullable=False),
        sa.Column('type_code', sa.String(length=10), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('issued_on', sa.Date(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=True),
        sa.Column('event_id', sa.Integer(), nullable=True),
        sa.Column('reminder_id', sa.Integer(), nullable=True),
        sa.Column('public', sa.Boolean(), nullable=False),
        sa.Column('signer_id', sa.Integer(), nullable=True),
        sa.Column('content', sa.JSON(), nullable=False),
        sa.Column('docx_id', sa.Integer(), nullable=True),
        sa.Column('pdf_id', sa.Integer(), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['event_id'], ['case_events.id']),
        sa.ForeignKeyConstraint(['reminder_id'], ['reminders.id']),
        sa.ForeignKeyConstraint(['signer_id'], ['users.id']),
        sa.ForeignKeyConstraint(['docx_id'], ['attachments.id']),
        sa.ForeignKeyConstraint(['pdf_id'], ['attachments.id']),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('unit_id', 'register', 'year', 'sequence'),
    )
    with op.batch_alter_table('official_documents', schema=None) as batch_op:
        batch_op.create_index('ix_official_documents_unit_id', ['unit_id'], unique=False)
        batch_op.create_index('ix_official_documents_case_id', ['case_id'], unique=False)
        batch_op.create_index('ix_official_documents_event_id', ['event_id'], unique=False)
        batch_op.create_index('ix_official_documents_reminder_id', ['reminder_id'], unique=False)


def downgrade():
    op.drop_table('official_documents')
    op.drop_table('register_counters')
    op.drop_table('document_issuers')
