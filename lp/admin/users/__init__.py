"""Council users in the console (/admin/users, admin only)."""
