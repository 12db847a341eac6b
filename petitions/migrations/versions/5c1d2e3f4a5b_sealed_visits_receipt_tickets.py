"""sealed visit citizens, receipt tickets, ephemeral outbox rows

Revision ID: 5c1d2e3f4a5b
Revises: 1e36cc8c2d0c
Create Date: 2026-12-05 09:30:00

A denunciation visit's citizens were kept in clear: they are sealed here with the
deployment's key (the migration runs inside the app, which holds the public key).
"""

from alembic import op
import sqlalchemy as sa
import petitions.database


# revision identifiers, used by Alembic.
revision = '5c1d2e3f4a5b'
down_revision = '1e36cc8c2d0c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reception_visit_citizens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sealed_identity', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('id_number_digest', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_reception_visit_citizens_id_number_digest'), ['id_number_digest'], unique=False)

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ephemeral', sa.Boolean(), nullable=False, server_default=sa.false()))

    op.create_table('receipt_tickets',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('sealed_key', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', petitions.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('receipt_tickets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receipt_tickets_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_receipt_tickets_created_at'), ['created_at'], unique=False)

    _seal_denunciation_visits()


def _seal_denunciation_visits():
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT c.id, c.full_name, c.id_number, c.address FROM reception_visit_citizens c "
        "JOIN reception_visits v ON v.id = c.visit_id "
        "WHERE v.classification = 'denunciation' AND c.sealed_identity IS NULL"
    )).fetchall()
    if not rows:
        return
    # App code, imported only when there are rows to seal: the migration must not need it.
    from petitions.sealing import id_number_digest, seal_identity

    for row in rows:
        identity = {"full_name": row.full_name, "id_number": row.id_number, "address": row.address}
        bind.execute(
            sa.text(
                "UPDATE reception_visit_citizens SET sealed_identity = :blob, "
                "id_number_digest = :digest, full_name = '', id_number = '', address = '' "
                "WHERE id = :id"
            ),
            {"blob": seal_identity(identity), "digest": id_number_digest(row.id_number), "id": row.id},
        )


def downgrade():
    with op.batch_alter_table('receipt_tickets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_receipt_tickets_created_at'))
        batch_op.drop_index(batch_op.f('ix_receipt_tickets_case_id'))
    op.drop_table('receipt_tickets')

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('ephemeral')

    with op.batch_alter_table('reception_visit_citizens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reception_visit_citizens_id_number_digest'))
        batch_op.drop_column('id_number_digest')
        batch_op.drop_column('sealed_identity')
