"""Rent changes in bulk: a landlord's checked rent-change file and its lines; lead users may bulk
update housing costs.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 14:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rent_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('landlord_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('line_count', sa.Integer(), nullable=False),
    sa.Column('check_count', sa.Integer(), nullable=False),
    sa.Column('unchanged_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('processed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['landlord_id'], ['landlord.id'], name=op.f('fk_rent_change_landlord_id_landlord')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_rent_change_uploaded_by_id_user_account')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'], name=op.f('fk_rent_change_submitted_by_id_user_account')),
    sa.ForeignKeyConstraint(['processed_by_id'], ['user_account.id'], name=op.f('fk_rent_change_processed_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rent_change')),
    sa.UniqueConstraint('reference', name=op.f('uq_rent_change_reference'))
    )
    with op.batch_alter_table('rent_change', schema=None) as batch_op:
        batch_op.create_index('ix_rent_change_landlord_created', ['landlord_id', 'created_at'], unique=False)
        batch_op.create_index('ix_rent_change_status_submitted', ['status', 'submitted_at'], unique=False)

    op.create_table('rent_change_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rent_change_id', sa.Integer(), nullable=False),
    sa.Column('line_number', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('rent_pence', sa.Integer(), nullable=False),
    sa.Column('frequency', sa.String(length=12), nullable=False),
    sa.Column('weekly_rent_pence', sa.Integer(), nullable=False),
    sa.Column('service_charges_pence', sa.Integer(), nullable=False),
    sa.Column('weekly_service_charges_pence', sa.Integer(), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.Column('previous_weekly_rent_pence', sa.Integer(), nullable=True),
    sa.Column('warning', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_rent_change_line_claim_id_claim')),
    sa.ForeignKeyConstraint(['rent_change_id'], ['rent_change.id'], name=op.f('fk_rent_change_line_rent_change_id_rent_change')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rent_change_line'))
    )
    with op.batch_alter_table('rent_change_line', schema=None) as batch_op:
        batch_op.create_index('ix_rent_change_line_change_line', ['rent_change_id', 'line_number'], unique=False)
        batch_op.create_index('ix_rent_change_line_claim', ['claim_id'], unique=False)

    # "The lead user has every permission": existing leads get the new one too.
    op.execute("UPDATE user_account SET permissions = TRIM(permissions || ' bulk_update_rents') "
               "WHERE is_lead AND kind = 'landlord' AND permissions NOT LIKE '%bulk_update_rents%'")


def downgrade():
    op.execute("UPDATE user_account SET permissions = TRIM(REPLACE(permissions, 'bulk_update_rents', ''))")
    with op.batch_alter_table('rent_change_line', schema=None) as batch_op:
        batch_op.drop_index('ix_rent_change_line_claim')
        batch_op.drop_index('ix_rent_change_line_change_line')
    op.drop_table('rent_change_line')
    with op.batch_alter_table('rent_change', schema=None) as batch_op:
        batch_op.drop_index('ix_rent_change_status_submitted')
        batch_op.drop_index('ix_rent_change_landlord_created')
    op.drop_table('rent_change')
