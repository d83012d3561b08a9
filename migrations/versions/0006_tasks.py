"""The to-do list: the council's requests to landlords and their answers; lead users may provide
tenancy details.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 14:10:00

"""
from alembic import op
import sqlalchemy as sa



revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('raised_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('raised_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('rent_pence', sa.Integer(), nullable=True),
    sa.Column('rent_frequency', sa.String(length=12), nullable=True),
    sa.Column('service_charges_pence', sa.Integer(), nullable=True),
    sa.Column('service_charges_paid_by', sa.String(length=10), nullable=True),
    sa.Column('tenancy_start_on', sa.Date(), nullable=True),
    sa.Column('tenancy_type', sa.String(length=20), nullable=True),
    sa.Column('tenant_name', sa.String(length=200), nullable=True),
    sa.Column('still_resident', sa.Boolean(), nullable=True),
    sa.Column('moved_out_on', sa.Date(), nullable=True),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('processed_by_id', sa.Integer(), nullable=True),
    sa.Column('exported_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_task_claim_id_claim')),
    sa.ForeignKeyConstraint(['raised_by_id'], ['user_account.id'], name=op.f('fk_task_raised_by_id_user_account')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user_account.id'], name=op.f('fk_task_answered_by_id_user_account')),
    sa.ForeignKeyConstraint(['processed_by_id'], ['user_account.id'], name=op.f('fk_task_processed_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task')),
    sa.UniqueConstraint('reference', name=op.f('uq_task_reference'))
    )
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.create_index('ix_task_claim', ['claim_id'], unique=False)
        batch_op.create_index('ix_task_answered_due', ['answered_at', 'due_on'], unique=False)
        batch_op.create_index('ix_task_processed_answered', ['processed_at', 'answered_at'], unique=False)

    # "The lead user has every permission": existing leads get the new one too.
    op.execute("UPDATE user_account SET permissions = TRIM(permissions || ' provide_tenancy_details') "
               "WHERE is_lead AND kind = 'landlord' AND permissions NOT LIKE '%provide_tenancy_details%'")


def downgrade():
    op.execute("UPDATE user_account SET permissions = TRIM(REPLACE(permissions, 'provide_tenancy_details', ''))")
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index('ix_task_processed_answered')
        batch_op.drop_index('ix_task_answered_due')
        batch_op.drop_index('ix_task_claim')
    op.drop_table('task')
