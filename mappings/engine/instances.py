"""New model instances for the engine's per-record rows, built from a row of every field's value.

``Model(**values)`` matches every keyword against the model's fields and sets each through its descriptor; a
coupling costs about 35 µs that way and a full synchronization makes one per record, often two (the coupling and
its change log row). Here every concrete field's value is known up front (its default unless given), so the
instance is built as unpickling builds one: its attributes set at once and a fresh state. No model of ours listens
to ``pre_init``/``post_init``, the only other thing ``__init__`` does.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Model
from django.db.models.base import ModelState

__all__ = ["instance_factory"]


def instance_factory(model: type[Model], **fixed: Any) -> Callable[..., Model]:
    """A maker of new ``model`` instances with ``fixed`` values; it takes further values by attribute name (a
    foreign key as ``name_id``) and gives every other field its default, a callable default called each time."""
    fields = model._meta.concrete_fields
    names = [field.attname for field in fields]
    known = frozenset(names)
    unknown = set(fixed) - known
    if unknown:
        raise TypeError(f"{model.__name__} has no fields {sorted(unknown)}")
    # A field without a default has NOT_PROVIDED, a class, as its ``default``: callable, but its value is fixed.
    called = [f for f in fields if f.has_default() and callable(f.default) and f.attname not in fixed]
    static = {f.attname: f.get_default() for f in fields if f not in called} | fixed

    def make(**values: Any) -> Model:
        if not known.issuperset(values):
            raise TypeError(f"{model.__name__} has no fields {sorted(set(values) - known)}")
        instance = model.__new__(model)  # as unpickling builds one: the attributes set at once, then a new state
        attributes = instance.__dict__
        attributes.update(static)
        attributes.update((f.attname, f.get_default()) for f in called if f.attname not in values)
        attributes.update(values)
        instance._state = ModelState()
        return instance

    return make
