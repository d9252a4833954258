"""Configuration templates on the mapping card: add, change and remove the templates new records start from."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from bcsales.permissions import admin_action
from mappings.forms.mapping_forms import ConfigTemplateForm, TableMappingForm
from mappings.models import ConfigTemplate, TableMapping

__all__ = ["card_context", "template_add", "template_remove", "template_save"]


def _prefix(template: ConfigTemplate) -> str:
    return f"template-{template.pk}"


def card_context(mapping: TableMapping, *, form: TableMappingForm, failed: ConfigTemplateForm | None = None) -> dict:
    """The mapping card's context: the mapping form, a form per template and the form to add one."""
    template_forms = [
        failed if failed is not None and failed.instance.pk == template.pk else _bound(template)
        for template in mapping.config_templates.all()
    ]
    new_form = failed if failed is not None and failed.instance.pk is None else ConfigTemplateForm(mapping=mapping)
    return {"mapping": mapping, "form": form, "template_forms": template_forms, "template_form": new_form}


def _bound(template: ConfigTemplate) -> ConfigTemplateForm:
    return ConfigTemplateForm(instance=template, mapping=template.table_mapping, prefix=_prefix(template))


def _saved(request: HttpRequest, mapping: TableMapping, form: ConfigTemplateForm, done: str) -> HttpResponse:
    """Save a valid form and return to the card, or show the card again with the form's messages (nothing saved)."""
    if not form.is_valid():
        context = card_context(mapping, form=TableMappingForm(instance=mapping), failed=form)
        return render(request, "mappings/mapping_card.html", context, status=400)
    form.save()
    messages.success(request, f"Configuration template {form.instance} {done}.")
    return redirect("mappings:card", pk=mapping.pk)


@admin_action("Add Config Template")
def template_add(request: HttpRequest, pk: int) -> HttpResponse:
    mapping = get_object_or_404(TableMapping.objects.select_related("connection"), pk=pk)
    return _saved(request, mapping, ConfigTemplateForm(request.POST, mapping=mapping), f"added to {mapping.name}")


@admin_action("Edit Config Template")
def template_save(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(ConfigTemplate.objects.select_related("table_mapping__connection"), pk=pk)
    mapping = template.table_mapping
    form = ConfigTemplateForm(request.POST, instance=template, mapping=mapping, prefix=_prefix(template))
    return _saved(request, mapping, form, "saved")


@admin_action("Remove Config Template")
def template_remove(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(ConfigTemplate, pk=pk)
    mapping_pk = template.table_mapping_id
    template.delete()
    messages.success(request, f"Configuration template {template} removed.")
    return redirect("mappings:card", pk=mapping_pk)
