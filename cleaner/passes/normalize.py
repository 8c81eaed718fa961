"""normalize: placeholder, being written."""
