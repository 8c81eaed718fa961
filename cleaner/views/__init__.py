"""Seeing what cleaning changed: the diff and explain renderings, the HTML report of a log."""
