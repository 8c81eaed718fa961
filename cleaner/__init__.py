"""cleaner: repair encoding damage and strip boilerplate from scraped text, logging every edit.

Importing any part of cleaner runs this first, so the built-in passes are registered
(``cleaner.passes``) before anything builds a pipeline from pass names.
"""

from cleaner import passes  # noqa: F401  (registers the built-in passes and the decoder)
from cleaner.api import Cleaner, Result
from cleaner.core.config import Config
from cleaner.core.document import Document
from cleaner.core.edits import Edit
from cleaner.core.limits import Limits
from cleaner.core.pipeline import DEFAULT_PASSES, Pipeline

__all__ = [
    "DEFAULT_PASSES",
    "Cleaner",
    "Config",
    "Document",
    "Edit",
    "Limits",
    "Pipeline",
    "Result",
]
__version__ = "0.1.0"
