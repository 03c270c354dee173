"""Rebuilding models from the store's own rows without validating them again.

Rows were validated when they entered the store (importers, services). Reading thousands
back for F12 through pydantic's validator or ``model_construct`` costs microseconds each;
this does what ``model_construct`` does for a model whose every field is given, at a
fifth of the cost. Callers pass every field, already of the right type."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

_new = object.__new__
_set = object.__setattr__
_FIELDS: dict[type, frozenset[str]] = {}


def rebuild(cls: type[M], fields: dict) -> M:
    """``cls`` with ``fields`` (all of its fields, right types), not re-validated."""
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = frozenset(cls.model_fields)
    m = _new(cls)
    _set(m, "__dict__", fields)
    _set(m, "__pydantic_fields_set__", set(names))  # its own: model_copy(update=...) adds to it
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m
