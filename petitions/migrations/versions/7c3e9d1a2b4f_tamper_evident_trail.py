"""tamper-evident trail

Revision ID: 7c3e9d1a2b4f
Revises: e4d16a0c5b21
Create Date: 2026-12-06 00:50:00

Audit entries and case history rows get their place in a hash chain (seq, prev_hash, hash; a
history row also the hash of its case's previous row), and chain_heads keeps each chain's last
place and hash. Rows already recorded are chained here, in id order, as petitions.audit.chain
chains new ones at commit.
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy import select, update

from petitions.audit.chain import GENESIS, HASHED, content, link
from petitions.audit.models import AuditEntry
from petitions.cases.models import CaseEvent


# revision identifiers, used by Alembic.
revision = '7c3e9d1a2b4f'
down_revision = 'e4d16a0c5b21'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('audit_entries', 'case_events'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('seq', sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
            batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
            if table == 'case_events':
                batch_op.add_column(
                    sa.Column('case_prev_hash', sa.String(length=64), nullable=True)
                )
            batch_op.create_unique_constraint(batch_op.f(f'uq_{table}_seq'), ['seq'])
    heads = op.create_table(
        'chain_heads',
        sa.Column('name', sa.String(length=20), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_chain_heads')),
    )
    connection = op.get_bind()
    for name, model in (('audit', AuditEntry), ('events', CaseEvent)):
        table = model.__table__
        columns = [table.c[c] for c in HASHED[name]]
        seq, prev, case_heads, values = 0, GENESIS, {}, []
        for row in connection.execute(select(*columns).order_by(table.c.id)):
            seq += 1
            entry = {'_id': row.id, 'seq': seq, 'prev_hash': prev}
            if name == 'events':
                entry['case_prev_hash'] = case_heads.get(row.case_id, GENESIS)
            prev = link(prev, content(name, row))
            entry['hash'] = prev
            if name == 'events':
                case_heads[row.case_id] = prev
            values.append(entry)
        if values:
            connection.execute(update(table).where(table.c.id == sa.bindparam('_id')), values)
        op.bulk_insert(heads, [{'name': name, 'seq': seq, 'hash': prev}])


def downgrade():
    op.drop_table('chain_heads')
    for table in ('case_events', 'audit_entries'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'uq_{table}_seq'), type_='unique')
            if table == 'case_events':
                batch_op.drop_column('case_prev_hash')
            batch_op.drop_column('hash')
            batch_op.drop_column('prev_hash')
            batch_op.drop_column('seq')
