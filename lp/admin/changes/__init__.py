"""Landlords' change reports in the console (/admin/changes): the inbox and one report's decision."""
