"""cleaner: repair encoding damage and strip boilerplate from scraped text, logging every edit."""

from cleaner.document import Document
from cleaner.edits import Edit
from cleaner.pipeline import DEFAULT_PASSES, Pipeline

__all__ = ["DEFAULT_PASSES", "Document", "Edit", "Pipeline"]
__version__ = "0.1.0"
