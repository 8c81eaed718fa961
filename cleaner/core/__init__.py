"""The mechanism every pass plugs into: document, edits, log, pipeline, restore, config."""
