"""Model module: field_mapping."""
