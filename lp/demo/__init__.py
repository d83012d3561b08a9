"""Demo data: a fictional extract loaded through the importer, the organisations, and development sign-ins."""
