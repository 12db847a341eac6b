"""the statistical forms of Circular 01/2024/TT-TTCP: cases.subject_area and case_results

Revision ID: d8f4a6b2c913
Revises: c5e2b9a4d701
Create Date: 2026-12-06 00:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd8f4a6b2c913'
down_revision = 'c5e2b9a4d701'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject_area', sa.String(length=30), nullable=True))

    op.create_table(
        'case_results',
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('recover_money', sa.BigInteger(), nullable=False),
        sa.Column('recover_land', sa.Float(), nullable=False),
        sa.Column('return_org_money', sa.BigInteger(), nullable=False),
        sa.Column('return_org_land', sa.Float(), nullable=False),
        sa.Column('return_person_money', sa.BigInteger(), nullable=False),
        sa.Column('return_person_land', sa.Float(), nullable=False),
        sa.Column('restored_orgs', sa.Integer(), nullable=False),
        sa.Column('restored_people', sa.Integer(), nullable=False),
        sa.Column('discipline_people', sa.Integer(), nullable=False),
        sa.Column('discipline_officials', sa.Integer(), nullable=False),
        sa.Column('investigation_cases', sa.Integer(), nullable=False),
        sa.Column('investigation_people', sa.Integer(), nullable=False),
        sa.Column('investigation_officials', sa.Integer(), nullable=False),
        sa.Column('enforced_on', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ['case_id'], ['cases.id'], name=op.f('fk_case_results_case_id_cases'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('case_id', name=op.f('pk_case_results')),
    )


def downgrade():
    op.drop_table('case_results')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('subject_area')
