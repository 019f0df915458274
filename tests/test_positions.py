"""Positions: every place the YAML reader located is given back exactly, from the packed form and after pickling."""

from __future__ import annotations

import pickle

from sendplan.positions import Positions
from sendplan.yamlio import read_yaml
from tests.conftest import PLANS


def test_every_located_place_is_given_back():
    for file in sorted(PLANS.rglob("*.yaml")):
        doc, _ = read_yaml(file.read_text(encoding="utf-8"), str(file))
        positions = pickle.loads(pickle.dumps(Positions.of(doc)))
        assert len(doc.where) > 50
        for path, place in doc.where.items():
            assert positions.get(path) == place, (file, path)
            assert positions.get(path, key=True) == doc.key_where.get(path), (file, path)
        assert positions.get(("actions", 10_000)) is None
        assert positions.get(("no such key",)) is None


def test_places_survive_being_packed_again_between_lookups():
    docs = [read_yaml(file.read_text(encoding="utf-8"), str(file))[0] for file in sorted(PLANS.rglob("*.yaml"))]
    packed = [Positions.of(doc) for doc in docs] * 10  # more files than are kept unpacked at once
    for _ in range(2):
        for doc, positions in zip(docs * 10, packed, strict=True):
            path = list(doc.where)[-1]
            assert positions.get(path) == doc.where[path]
