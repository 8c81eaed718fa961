"""The command line: the ``cleaner`` group and its commands."""

from cleaner.cli.clean import main

__all__ = ["main"]
