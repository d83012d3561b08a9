"""Audit action names in one style, `<area>.<verb>` (lp/audit_actions.py): the events already kept are
renamed, so the console's filter and the access log find old events under the new names. Downgrade
gives them their old names back.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 17:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# (old name, new name): the same whatever the event was about. Written out here, not imported from
# lp/audit_actions.py: a migration keeps the names as they were when it was written.
RENAMED = [
    ('sign_out', 'user.signed_out'),
    ('view_claim', 'claim.viewed'),
    ('open_letter', 'letter.opened'),
    ('search', 'payments.searched'),
    ('email_change_requested', 'profile.email_change_requested'),
    ('email_changed', 'profile.email_changed'),
    ('mobile_changed', 'profile.mobile_changed'),
    ('password_changed', 'profile.password_changed'),
    ('key_method_changed', 'profile.key_method_changed'),
    ('alerts_changed', 'profile.alerts_changed'),
    ('registration_submitted', 'registration.submitted'),
    ('registration_approved', 'registration.approved'),
    ('registration_rejected', 'registration.rejected'),
    ('registration_added_to_organisation', 'registration.added_to_organisation'),
    ('data_load', 'import.finished'),
    ('alerts.new_letters', 'alerts.new_letters_queued'),
    ('alerts.overdue_requests', 'alerts.overdue_requests_queued'),
]
# 'view' was one name for several reads: the new name depends on what was read (object_type).
VIEWS = [
    ('payment', 'payment.viewed'),
    ('overpayments', 'overpayments.viewed'),
    ('landlord', 'landlord.viewed'),
    ('landlords', 'landlords.searched'),
    ('audit', 'audit.viewed'),
]
# 'export' likewise: every export becomes `<object_type>.exported` (claims.exported, payment.exported, ...).

event = sa.table('audit_event', sa.column('action', sa.String), sa.column('object_type', sa.String))


def upgrade():
    for old, new in RENAMED:
        op.execute(event.update().where(event.c.action == old).values(action=new))
    for object_type, new in VIEWS:
        op.execute(event.update().where(event.c.action == 'view', event.c.object_type == object_type)
                   .values(action=new))
    op.execute(event.update().where(event.c.action == 'export', event.c.object_type.is_not(None))
               .values(action=event.c.object_type + '.exported'))


def downgrade():
    for old, new in RENAMED:
        op.execute(event.update().where(event.c.action == new).values(action=old))
    for _, new in VIEWS:
        op.execute(event.update().where(event.c.action == new).values(action='view'))
    op.execute(event.update().where(event.c.action.like('%.exported')).values(action='export'))
