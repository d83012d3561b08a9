"""The council's requests to landlords in the console (/admin/requests)."""
