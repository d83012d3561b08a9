"""Landlords and their users in the console (/admin/landlords)."""
