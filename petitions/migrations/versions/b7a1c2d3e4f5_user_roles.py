"""a user may hold several roles: user_roles replaces users.role

Revision ID: b7a1c2d3e4f5
Revises: 960968b0d94c
Create Date: 2026-12-06 00:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7a1c2d3e4f5'
down_revision = '960968b0d94c'
branch_labels = None
depends_on = None

ROLES = ('reception_officer', 'handler', 'unit_head', 'inspector', 'home_affairs', 'admin')


def upgrade():
    # Read every user's role first: on SQLite, dropping the column rebuilds users, and with
    # foreign keys on, a user_roles row already there would go with the old table (cascade).
    held = op.get_bind().execute(sa.text('SELECT id, role FROM users')).fetchall()
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('role')
    user_roles = op.create_table(
        'user_roles',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.Enum(*ROLES, name='role', native_enum=False, length=30), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'role'),
    )
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_roles_role'), ['role'], unique=False)
    # Every user keeps the one role they had.
    if held:
        op.bulk_insert(user_roles, [{'user_id': user_id, 'role': role} for user_id, role in held])


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('role', sa.Enum(*ROLES, name='role', native_enum=False, length=30), nullable=True)
        )
    # A user with several roles keeps one: the first in the order above.
    order = ' '.join(f"WHEN '{role}' THEN {n}" for n, role in enumerate(ROLES))
    op.execute(
        'UPDATE users SET role = (SELECT r.role FROM user_roles r WHERE r.user_id = users.id '
        f'ORDER BY CASE r.role {order} END LIMIT 1)'
    )
    op.execute("UPDATE users SET role = 'handler' WHERE role IS NULL")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column(
            'role',
            existing_type=sa.Enum(*ROLES, name='role', native_enum=False, length=30),
            nullable=False,
        )
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_roles_role'))
    op.drop_table('user_roles')
