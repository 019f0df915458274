"""Run the command line as `python -m sendplan`."""

import sys

try:
    from sendplan.cli import app
except KeyboardInterrupt:  # Ctrl-C before sendplan.cli could catch it itself: end as it would
    sys.stderr.write("sendplan: interrupted\n")
    raise SystemExit(130) from None

app(prog_name="sendplan")
