"""The console's home (/admin)."""
