"""The Integration Table Mapping card and its Integration Field Mappings list: view, edit, add and remove.

Edits are posted to separate actions guarded by ``admin_action``; a refused edit re-renders the page with the
form's messages and status 400, and nothing is saved.
"""

from django.contrib import messages
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from bcsales.permissions import admin_action
from mappings.forms.mapping_forms import FieldMappingForm, TableMappingForm
from mappings.models import FieldMapping, TableMapping
from mappings.services.mapping_schema import SchemaUnavailable, mapping_schema
from mappings.services.mapping_setup import POSITION_STEP
from mappings.views.mapping_templates import card_context

__all__ = ["card", "card_save", "field_card", "field_mapping_add", "field_mapping_remove", "field_mapping_save"]


def _mapping(pk: int) -> TableMapping:
    return get_object_or_404(TableMapping.objects.select_related("connection", "parent_mapping"), pk=pk)


def _render_card(request: HttpRequest, mapping: TableMapping, form: TableMappingForm, status: int = 200):
    return render(request, "mappings/mapping_card.html", card_context(mapping, form=form), status=status)


def _render_fields(request: HttpRequest, mapping: TableMapping, form: FieldMappingForm, status: int = 200):
    context = {"mapping": mapping, "fields": mapping.field_mappings.all(), "form": form}
    return render(request, "mappings/mapping_field_mappings.html", context, status=status)


def _schema(request: HttpRequest, mapping: TableMapping):
    """The connection's metadata, or None after telling the user why the change cannot be checked."""
    try:
        return True, mapping_schema(mapping.connection)
    except SchemaUnavailable as error:
        messages.error(request, str(error))
        return False, None


def card(request: HttpRequest, pk: int) -> HttpResponse:
    mapping = _mapping(pk)
    return _render_card(request, mapping, TableMappingForm(instance=mapping))


@admin_action("Edit Integration Table Mapping")
def card_save(request: HttpRequest, pk: int) -> HttpResponse:
    mapping = _mapping(pk)
    readable, schema = _schema(request, mapping)
    form = TableMappingForm(request.POST, instance=mapping, schema=schema)
    if not readable or not form.is_valid():
        return _render_card(request, _mapping(pk), form, status=400)
    form.save()
    messages.success(request, f"{mapping.name} saved.")
    return redirect("mappings:card", pk=mapping.pk)


def field_mappings(request: HttpRequest, pk: int) -> HttpResponse:
    mapping = _mapping(pk)
    return _render_fields(request, mapping, FieldMappingForm(mapping=mapping))


@admin_action("Add Integration Field Mapping")
def field_mapping_add(request: HttpRequest, pk: int) -> HttpResponse:
    mapping = _mapping(pk)
    readable, schema = _schema(request, mapping)
    form = FieldMappingForm(request.POST, mapping=mapping, schema=schema)
    if not readable or not form.is_valid():
        return _render_fields(request, mapping, form, status=400)
    last = mapping.field_mappings.aggregate(last=Max("position"))["last"] or 0
    form.instance.position = last + POSITION_STEP
    form.save()
    messages.success(request, f"Field mapping {form.instance} added to {mapping.name}.")
    return redirect("mappings:field_mappings", pk=mapping.pk)


def _field(pk: int) -> FieldMapping:
    return get_object_or_404(FieldMapping.objects.select_related("table_mapping__connection"), pk=pk)


def field_card(request: HttpRequest, pk: int) -> HttpResponse:
    field = _field(pk)
    form = FieldMappingForm(instance=field, mapping=field.table_mapping)
    return render(request, "mappings/mapping_field_card.html", {"field": field, "form": form})


@admin_action("Edit Integration Field Mapping")
def field_mapping_save(request: HttpRequest, pk: int) -> HttpResponse:
    field = _field(pk)
    readable, schema = _schema(request, field.table_mapping)
    form = FieldMappingForm(request.POST, instance=field, mapping=field.table_mapping, schema=schema)
    if not readable or not form.is_valid():
        context = {"field": _field(pk), "form": form}
        return render(request, "mappings/mapping_field_card.html", context, status=400)
    form.save()
    messages.success(request, f"Field mapping {field} saved.")
    return redirect("mappings:field_mappings", pk=field.table_mapping_id)


@admin_action("Remove Integration Field Mapping")
def field_mapping_remove(request: HttpRequest, pk: int) -> HttpResponse:
    field = _field(pk)
    mapping_pk = field.table_mapping_id
    field.delete()
    messages.success(request, f"Field mapping {field} removed.")
    return redirect("mappings:field_mappings", pk=mapping_pk)
