"""Lighter plan models: attribute dicts that share their keys, one read-only empty list, shared sets of names."""

from __future__ import annotations

from typing import Any, NoReturn


class FrozenList(list[Any]):
    """An empty list that refuses to change: shared by every empty list field of every plan model."""

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("this empty list is shared by the plan's models and cannot change: build a new list")

    append = extend = insert = remove = pop = clear = sort = reverse = _refuse
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse


EMPTY = FrozenList()


class FrozenNames(set[str]):
    """A set of field names that refuses to change: pydantic's record of the fields a model was given, one per
    combination (a set, not a frozenset: pydantic's `model_dump(exclude_unset=True)` takes only a set)."""

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("this set of field names is shared by the plan's models and cannot change")

    add = discard = remove = pop = clear = update = _refuse
    difference_update = intersection_update = symmetric_difference_update = _refuse
    __ior__ = __iand__ = __isub__ = __ixor__ = _refuse


_TEMPLATES: dict[type, dict[str, Any]] = {}
_FIELD_SETS: dict[frozenset[str], FrozenNames] = {}


def shared_dict(cls: type, names: tuple[str, ...]) -> dict[str, Any]:
    """A new dict holding `names` (each None), sharing its table of keys with every other made for `cls`.

    CPython keeps an instance's attributes as a "split" dict: the keys once per class, the values per object, a
    third of the size of an ordinary dict of 24 entries. pydantic gives each model an ordinary dict; a copy of a
    split dict is split too, so each model's attributes are copied from one template per class. On a Python that
    does not split dicts this way the copy is an ordinary dict, and only the saving is lost.
    """
    template = _TEMPLATES.get(cls)
    if template is None:
        holder = type(f"{cls.__name__}Attributes", (), {})()  # a class of its own: its own table of keys
        for name in names:
            setattr(holder, name, None)
        template = _TEMPLATES[cls] = holder.__dict__
    return template.copy()


def shared_fields_set(names: set[str]) -> FrozenNames:
    """One read-only set per combination of names (a set unpickled is shared already: by the models of its file)."""
    if type(names) is FrozenNames:
        return names
    key = frozenset(names)
    shared = _FIELD_SETS.get(key)
    if shared is None:
        shared = _FIELD_SETS[key] = FrozenNames(key)
    return shared
