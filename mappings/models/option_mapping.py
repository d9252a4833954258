"""Model module: option_mapping."""
