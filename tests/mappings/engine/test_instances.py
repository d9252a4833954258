"""The engine's positional instance factory builds what the model's own keyword constructor builds."""

import uuid

import pytest
from django.utils import timezone

from mappings.engine.instances import instance_factory
from mappings.models import Coupling, PendingCreate

FIXED = {"connection_id": 7, "bc_table": "Customer", "dataverse_table": "account", "mapping_name": "CUSTOMER"}


def _values(instance: Coupling) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in Coupling._meta.concrete_fields}


def test_a_made_instance_equals_one_built_by_keywords_defaults_included():
    values = {"bc_system_id": uuid.uuid4(), "dataverse_id": uuid.uuid4(), "pending": PendingCreate.IN_DATAVERSE}
    values["pending_since"] = timezone.now()
    made = instance_factory(Coupling, **FIXED)(**values)
    assert _values(made) == _values(Coupling(**FIXED, **values))
    assert made._state.adding and made.pk is None


def test_callable_defaults_are_called_for_each_instance():
    make = instance_factory(Coupling, **FIXED)
    first, second = make(bc_system_id=uuid.uuid4()), make(bc_system_id=uuid.uuid4())
    first.pending_match["Name"] = "changed"
    assert second.pending_match == {}


def test_an_unknown_field_is_refused_by_name():
    with pytest.raises(TypeError, match="no_such_field"):
        instance_factory(Coupling, **FIXED)(no_such_field=1)
    with pytest.raises(TypeError, match="connection"):
        instance_factory(Coupling, connection=1)


@pytest.mark.django_db
def test_a_made_instance_saves_through_the_orm_like_any_other(connection):
    made = instance_factory(Coupling, **{**FIXED, "connection_id": connection.pk})(
        bc_system_id=uuid.uuid4(), dataverse_id=uuid.uuid4()
    )
    made.save()
    assert not made._state.adding and made.pk
    stored = Coupling.objects.get(pk=made.pk)
    assert (stored.bc_system_id, stored.mapping_name, stored.pending_match) == (made.bc_system_id, "CUSTOMER", {})
