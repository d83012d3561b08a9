"""Properties: one row per property reference of a payee account, kept by the importer from the
claims, with the landlord's own reference and notes; lead users may add or remove properties.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 14:30:00

"""
from alembic import op
import sqlalchemy as sa



revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('property',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=30), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('address_key', sa.Text(), nullable=False),
    sa.Column('postcode', sa.String(length=10), nullable=False),
    sa.Column('postcode_key', sa.String(length=10), nullable=False),
    sa.Column('tenants', sa.Text(), nullable=False),
    sa.Column('tenant_key', sa.String(length=100), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('weekly_hb_pence', sa.Integer(), nullable=False),
    sa.Column('current_claims', sa.Integer(), nullable=False),
    sa.Column('last_end_date', sa.Date(), nullable=True),
    sa.Column('refreshed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('own_reference', sa.String(length=30), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['landlord_account.id'], name=op.f('fk_property_account_id_landlord_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_property')),
    sa.UniqueConstraint('account_id', 'reference', name=op.f('uq_property_account_id'))
    )
    with op.batch_alter_table('property', schema=None) as batch_op:
        batch_op.create_index('ix_property_account_postcode', ['account_id', 'postcode_key'], unique=False,
                              postgresql_ops={'postcode_key': 'varchar_pattern_ops'})
        batch_op.create_index('ix_property_account_tenant', ['account_id', 'tenant_key'], unique=False)
        batch_op.create_index('ix_property_account_address', ['account_id', 'address_key'], unique=False,
                              postgresql_include=['last_end_date'])
        batch_op.create_index('ix_property_account_hb', ['account_id', 'weekly_hb_pence'], unique=False)
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.create_index('ix_claim_account_property', ['account_id', 'property_reference'], unique=False)

    # "The lead user has every permission": existing leads get the new one too.
    op.execute("UPDATE user_account SET permissions = TRIM(permissions || ' manage_properties') "
               "WHERE is_lead AND kind = 'landlord' AND permissions NOT LIKE '%manage_properties%'")


def downgrade():
    op.execute("UPDATE user_account SET permissions = TRIM(REPLACE(permissions, 'manage_properties', ''))")
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.drop_index('ix_claim_account_property')
    with op.batch_alter_table('property', schema=None) as batch_op:
        batch_op.drop_index('ix_property_account_hb')
        batch_op.drop_index('ix_property_account_address')
        batch_op.drop_index('ix_property_account_tenant')
        batch_op.drop_index('ix_property_account_postcode')
    op.drop_table('property')
