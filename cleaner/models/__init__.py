"""Model files that ship inside the package (data only)."""
