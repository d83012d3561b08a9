"""Every organisation's API tokens in the console (/admin/api-tokens)."""
