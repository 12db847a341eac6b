"""publications: public versions of second-round complaint decisions and denunciation conclusions

Revision ID: b4d6f8a0c2e4
Revises: a3c5e7f9b1d2
Create Date: 2026-12-06 04:00:00

One row per issued document to publish (LKN art. 41, LTC art. 40): its text with personal data
removed, its state (draft, submitted, published, withdrawn), who prepared, returned, approved
and withdrew it, and the public PDF rendered at approval.
"""

from alembic import op
import sqlalchemy as sa

import petitions.database


revision = 'b4d6f8a0c2e4'
down_revision = 'a3c5e7f9b1d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'publications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('rule', sa.String(length=40), nullable=False),
        sa.Column('number', sa.String(length=60), nullable=False),
        sa.Column('issued_on', sa.Date(), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('state', sa.Enum('draft', 'submitted', 'published', 'withdrawn', name='state', native_enum=False, length=20), nullable=False),
        sa.Column('prepared_by_id', sa.Integer(), nullable=True),
        sa.Column('prepared_at', petitions.database.UTCDateTime(), nullable=False),
        sa.Column('submitted_at', petitions.database.UTCDateTime(), nullable=True),
        sa.Column('returned_by_id', sa.Integer(), nullable=True),
        sa.Column('return_reason', sa.Text(), nullable=True),
        sa.Column('approved_by_id', sa.Integer(), nullable=True),
        sa.Column('published_at', petitions.database.UTCDateTime(), nullable=True),
        sa.Column('published_on', sa.Date(), nullable=True),
        sa.Column('withdrawn_by_id', sa.Integer(), nullable=True),
        sa.Column('withdrawn_on', sa.Date(), nullable=True),
        sa.Column('withdrawal_reason', sa.Text(), nullable=True),
        sa.Column('pdf', sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_publications_case_id_cases'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['document_id'], ['official_documents.id'], name=op.f('fk_publications_document_id_official_documents')),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_publications_unit_id_units')),
        sa.ForeignKeyConstraint(['prepared_by_id'], ['users.id'], name=op.f('fk_publications_prepared_by_id_users')),
        sa.ForeignKeyConstraint(['returned_by_id'], ['users.id'], name=op.f('fk_publications_returned_by_id_users')),
        sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_publications_approved_by_id_users')),
        sa.ForeignKeyConstraint(['withdrawn_by_id'], ['users.id'], name=op.f('fk_publications_withdrawn_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_publications')),
        sa.UniqueConstraint('document_id', name=op.f('uq_publications_document_id')),
    )
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publications_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_publications_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_publications_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_publications_issued_on'), ['issued_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_publications_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_publications_published_on'), ['published_on'], unique=False)


def downgrade():
    op.drop_table('publications')
