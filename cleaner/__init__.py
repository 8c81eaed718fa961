"""cleaner: repair encoding damage and strip boilerplate from scraped text, logging every edit."""

from cleaner.api import Cleaner, Result
from cleaner.config import Config
from cleaner.document import Document
from cleaner.edits import Edit
from cleaner.limits import Limits
from cleaner.pipeline import DEFAULT_PASSES, Pipeline

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
