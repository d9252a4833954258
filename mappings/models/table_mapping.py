"""Model module: table_mapping."""
