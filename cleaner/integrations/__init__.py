"""cleaner inside other frameworks' pipelines, each an optional extra: datatrove."""
