"""New model instances for the engine's per-record rows, built from one positional row.

``Model(**values)`` matches every keyword against the model's fields; a coupling costs about 35 µs that way and a
full synchronization makes one per record, often two (the coupling and its change log row). Built positionally
from a row of every concrete field, as Django's own ``from_db`` builds instances, one costs a third of that.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Model

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
    static = {f.attname: f.get_default() for f in fields if not callable(f.default)} | fixed
    called = [f for f in fields if callable(f.default) and f.attname not in fixed]

    def make(**values: Any) -> Model:
        if not known.issuperset(values):
            raise TypeError(f"{model.__name__} has no fields {sorted(set(values) - known)}")
        row = static | {field.attname: field.get_default() for field in called} | values
        return model(*[row[name] for name in names])

    return make
