"""``cleaner.datatrove``, the import path README documents for the datatrove step.

The step lives in :mod:`cleaner.integrations.datatrove`; this module only keeps the
documented path working.
"""

from cleaner.integrations.datatrove import CleanerStep, rule_counts

__all__ = ["CleanerStep", "rule_counts"]
