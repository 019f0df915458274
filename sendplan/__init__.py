"""sendplan: check, chase and report SEND improvement plans kept as YAML."""

import os

# pydantic looks through every installed package's entry points for plugins when the first model is built;
# sendplan uses none, and the search costs a tenth of the start-up budget. A user's own setting wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
