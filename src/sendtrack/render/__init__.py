"""Report objects rendered to text, markdown, html and json by pure functions."""
