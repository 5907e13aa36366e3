"""Every output format in one place: terminal text, Markdown, HTML (Jinja2), JSON,
CSV/XLSX and charts (matplotlib), as pure functions of report objects.
"""
