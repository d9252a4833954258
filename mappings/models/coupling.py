"""Model module: coupling."""
