"""The JSON Schema of a plan file, generated from the model, for editors and other tools."""

from __future__ import annotations

import json
import re
from typing import Any

from sendplan.model import Plan

SCHEMA_ID = "https://sendplan.invalid/schema/plan.schema.json"


def plan_schema() -> str:
    """The plan JSON Schema as text, stable from run to run (keys sorted, trailing newline)."""
    schema = Plan.model_json_schema()
    for definition in [schema, *schema.get("$defs", {}).values()]:
        _describe_fields(definition)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "sendplan plan file"
    schema["description"] = "A SEND improvement plan: see docs/plan-format.md"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _describe_fields(definition: dict[str, Any]) -> None:
    """Move each model's "Attributes:" docstring lines onto its properties, so editors show them on hover."""
    text = definition.get("description", "")
    head, _, attributes = text.partition("Attributes:")
    definition["description"] = head.strip()
    for name, meaning in re.findall(r"^\s{4}(\w+): (.+?)(?=^\s{4}\w+: |\Z)", attributes, re.MULTILINE | re.DOTALL):
        prop = definition.get("properties", {}).get(name)
        if prop is not None and "description" not in prop:
            prop["description"] = " ".join(meaning.split())
