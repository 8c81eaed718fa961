"""Corpora on disk: finding sources, their formats, atomic outputs, the run journal, learn."""
