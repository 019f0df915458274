"""Run the command line as `python -m sendplan`."""

from sendplan.cli import app

app(prog_name="sendplan")
