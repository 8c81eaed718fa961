"""What passes know about text: word plausibility, paragraphs, Markdown code."""
