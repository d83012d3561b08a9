"""The audit log in the console (/admin/audit) and its CSV."""
