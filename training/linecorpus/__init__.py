"""Building blocks of the line-labeled corpus (see training/README.md)."""
