"""Renderers: rows and problems in, text out (terminal, Markdown, HTML, JSON, CSV)."""
