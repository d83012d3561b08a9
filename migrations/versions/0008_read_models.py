"""Read models (issue 14): each letter's organisation, stored with an index in the letters page's order;
each payment's line count and sums, stored at load. Both filled from the data already loaded, set-based.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 16:45:00

"""
from alembic import op
import sqlalchemy as sa



revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

TOTALS = ('line_count', 'lines_hb_pence', 'lines_dhp_pence', 'lines_adjustment_pence', 'lines_amount_pence')


def upgrade():
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.add_column(sa.Column('landlord_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_letter_landlord_id_landlord'), 'landlord', ['landlord_id'], ['id'])
    with op.batch_alter_table('payment', schema=None) as batch_op:
        for column in TOTALS:
            batch_op.add_column(sa.Column(column, sa.Integer(), server_default='0', nullable=False))

    # One statement each, joined rather than a subquery per row: the council's 200,000 claims have
    # hundreds of thousands of letters and a million payment lines. (UPDATE ... FROM: SQLite 3.33+.)
    op.execute(
        "UPDATE letter SET landlord_id = a.landlord_id FROM claim c JOIN landlord_account a ON a.id = c.account_id "
        "WHERE c.id = letter.claim_id AND a.landlord_id IS NOT NULL"
    )
    op.execute(
        "UPDATE payment SET line_count = t.n, lines_hb_pence = t.hb, lines_dhp_pence = t.dhp, "
        "lines_adjustment_pence = t.adjustment, lines_amount_pence = t.amount "
        "FROM (SELECT payment_id, count(*) AS n, sum(hb_pence) AS hb, sum(dhp_pence) AS dhp, "
        "sum(adjustment_pence) AS adjustment, sum(amount_pence) AS amount "
        "FROM payment_line GROUP BY payment_id) AS t WHERE t.payment_id = payment.id"
    )
    # Built after the backfill: one sort, instead of index upkeep for every row updated.
    op.create_index('ix_letter_landlord_sent_on', 'letter', ['landlord_id', sa.text('sent_on DESC'), 'reference'],
                    unique=False)


def downgrade():
    op.drop_index('ix_letter_landlord_sent_on', table_name='letter')
    with op.batch_alter_table('payment', schema=None) as batch_op:
        for column in reversed(TOTALS):
            batch_op.drop_column(column)
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_letter_landlord_id_landlord'), type_='foreignkey')
        batch_op.drop_column('landlord_id')
