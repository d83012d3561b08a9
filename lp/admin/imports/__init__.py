"""Data loads in the console (/admin/imports): upload the nightly extract and read a load's report."""
