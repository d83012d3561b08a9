"""Landlords: the e-mail domain their managers may invite at (set by the council), and the council's
permission to invite any address.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 13:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('landlord', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invite_domain', sa.String(length=253), nullable=True))
        batch_op.add_column(sa.Column('invite_any_email', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('landlord', schema=None) as batch_op:
        batch_op.drop_column('invite_any_email')
        batch_op.drop_column('invite_domain')
