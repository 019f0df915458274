"""Jinja templates for sendplan reports, installed with the package as sendplan.templates."""
