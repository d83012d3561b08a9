"""Daily messages in the console (/admin/messages)."""
