"""Forms of the mapping pages."""
