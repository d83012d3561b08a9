"""API tokens for the remittance API; audit events name the token that made them; lead users may
manage API access.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 13:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('landlord_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('hint', sa.String(length=12), nullable=False),
    sa.Column('permissions', sa.String(length=100), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_api_token_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['landlord_id'], ['landlord.id'], name=op.f('fk_api_token_landlord_id_landlord')),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['user_account.id'], name=op.f('fk_api_token_revoked_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('secret_hash', name=op.f('uq_api_token_secret_hash'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index('ix_api_token_landlord_created', ['landlord_id', 'created_at'], unique=False)

    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('api_token_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_audit_event_api_token_id_api_token'), 'api_token', ['api_token_id'], ['id'])

    # "The lead user has every permission": existing leads get the new one too.
    op.execute("UPDATE user_account SET permissions = TRIM(permissions || ' manage_api') "
               "WHERE is_lead AND kind = 'landlord' AND permissions NOT LIKE '%manage_api%'")


def downgrade():
    op.execute("UPDATE user_account SET permissions = TRIM(REPLACE(permissions, 'manage_api', ''))")
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_audit_event_api_token_id_api_token'), type_='foreignkey')
        batch_op.drop_column('api_token_id')

    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index('ix_api_token_landlord_created')

    op.drop_table('api_token')
