"""Landlords' rent changes in the console (/admin/rent-changes) and the schedule CSV."""
