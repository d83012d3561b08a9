"""Registrations in the console (/admin/registrations): the approval queue and one decision."""
