"""Registrations: several may wait for the same landlord reference (the council sees them side by
side and decides), so the unique partial index becomes a plain index for finding them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 13:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_index('uq_registration_pending_reference')
        batch_op.create_index('ix_registration_landlord_reference', ['landlord_reference'], unique=False)


def downgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_index('ix_registration_landlord_reference')
        batch_op.create_index('uq_registration_pending_reference', ['landlord_reference'], unique=True,
                              sqlite_where=sa.text("status = 'pending'"),
                              postgresql_where=sa.text("status = 'pending'"))
