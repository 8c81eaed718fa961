"""What passes know about text: plausibility, readings, paragraphs, Markdown, the document
view, sentences and the line model's features and trees.

The line model uses numpy only to look up tree nodes, never linear algebra, so its
BLAS library is asked not to start a thread pool (unless the caller chose its size):
a process running other threads may not fork, and ``clean_many`` forks where it is safe.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
