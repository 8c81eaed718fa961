"""``cleaner check`` without the command line: findings by line of the file, the clean cache."""
