"""Each claim's organisation, stored with an index in the claims list's default order (issue 14): the list
stopped at a page instead of sorting every one of a large landlord's claims. Filled from the accounts,
set-based.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 19:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    # Added in place, not by copying the table as batch mode does on SQLite: every payment line, letter
    # and entitlement refers to a claim, and dropping the old copy would break those references. SQLite
    # adds a column's foreign key only inline.
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE claim ADD COLUMN landlord_id INTEGER '
                   'CONSTRAINT fk_claim_landlord_id_landlord REFERENCES landlord (id)')
    else:
        op.add_column('claim', sa.Column('landlord_id', sa.Integer(), nullable=True))
        op.create_foreign_key('fk_claim_landlord_id_landlord', 'claim', 'landlord', ['landlord_id'], ['id'])
    # One joined statement (UPDATE ... FROM: SQLite 3.33+), as 0008 filled letter.landlord_id.
    op.execute(
        "UPDATE claim SET landlord_id = a.landlord_id FROM landlord_account a "
        "WHERE a.id = claim.account_id AND a.landlord_id IS NOT NULL"
    )
    # Built after the backfill: one sort, instead of index upkeep for every row updated.
    op.create_index('ix_claim_landlord_surname', 'claim', ['landlord_id', 'last_name_key', 'first_name_key',
                                                          'reference'], unique=False)
    # The planner's figures for the new index, as the importer's ANALYZE after a load gives them: without
    # them SQLite took it for a search by reference and sorted 20,000 claims.
    op.execute('ANALYZE claim')


def downgrade():
    op.drop_index('ix_claim_landlord_surname', table_name='claim')
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_claim_landlord_id_landlord'), type_='foreignkey')
        batch_op.drop_column('landlord_id')
