"""The assisted setup wizard "Set up a connection to Dynamics 365 Sales": full pages without JavaScript, step
partials for htmx, and every step kept on the server so that the administrator can leave and resume."""

from django import forms
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from bcsales.permissions import admin_action
from connection_setup.forms import AdminCredentialsForm
from connection_setup.models import AssistedSetup, Connection, WizardStep
from connection_setup.services.enablement import AdminCredentialsRequired, finish_assisted_setup
from connection_setup.wizard.forms import StartForm
from connection_setup.wizard.steps import (
    FIELD_SERVICE_APP_URL,
    ORDER,
    StepForms,
    bind_step,
    previous_step,
    save_step,
)

__all__ = ["wizard_begin", "wizard_start", "wizard_step", "wizard_submit"]


def _render(request: HttpRequest, setup: AssistedSetup | None, step: str, forms_: StepForms, **extra) -> HttpResponse:
    context = {
        "setup": setup,
        "step": step,
        "steps": [(value, WizardStep(value).label) for value in ORDER],
        "step_number": ORDER.index(step) + 1,
        "forms": forms_,
        "field_service_url": FIELD_SERVICE_APP_URL,
        **extra,
    }
    if request.htmx:
        response = render(request, "connection_setup/partials/wizard_step.html", context)
        if setup is not None:
            response["HX-Push-Url"] = reverse("connection_setup:wizard_step", args=[setup.pk, step])
        return response
    context["unfinished"] = AssistedSetup.objects.filter(completed=False).select_related("connection")
    return render(request, "connection_setup/wizard.html", context)


def _go(request: HttpRequest, setup: AssistedSetup, step: str) -> HttpResponse:
    """After a successful POST: htmx gets the next step's partial, a plain browser a redirect (PRG)."""
    if request.htmx:
        return _render(request, setup, step, bind_step(step, setup.connection, setup))
    return redirect("connection_setup:wizard_step", setup.pk, step)


def wizard_start(request: HttpRequest) -> HttpResponse:
    return _render(request, None, WizardStep.START, StepForms(StartForm(), None))


def wizard_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    setup = get_object_or_404(AssistedSetup.objects.select_related("connection"), pk=pk)
    if step not in ORDER or ORDER.index(step) > ORDER.index(setup.step):
        return redirect("connection_setup:wizard_step", setup.pk, setup.step)
    return _render(request, setup, step, bind_step(step, setup.connection, setup))


@admin_action("Assisted Setup: Start")
def wizard_begin(request: HttpRequest) -> HttpResponse:
    form = StartForm(request.POST, instance=Connection())
    if not form.is_valid():
        return _render(request, None, WizardStep.START, StepForms(form, None))
    with transaction.atomic():
        connection = form.save()
        setup = AssistedSetup.objects.create(
            connection=connection, step=WizardStep.CREDENTIALS, started_by=request.user.get_username()
        )
    return _go(request, setup, setup.step)


@admin_action("Assisted Setup")
def wizard_submit(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    setup = get_object_or_404(AssistedSetup.objects.select_related("connection"), pk=pk)
    if setup.completed or step not in ORDER:
        return redirect("connection_setup:detail", setup.connection_id)
    action = request.POST.get("nav", "next")
    if action == "back":
        return _go(request, setup, previous_step(step))
    if action in ("advanced", "simple"):
        setup.show_advanced = action == "advanced"
        setup.save(update_fields=["show_advanced", "updated_at"])
        return _render(request, setup, step, _keep_typed(bind_step(step, setup.connection, setup), request.POST))
    if step == WizardStep.FINISH:
        return _finish(request, setup)
    forms_ = bind_step(step, setup.connection, setup, request.POST)
    if not forms_.is_valid() or not save_step(step, forms_, setup.connection, setup):
        return _render(request, setup, step, forms_)
    return _go(request, setup, setup.step)


def _keep_typed(forms_: StepForms, typed: QueryDict) -> StepForms:
    """Advanced/Simple redraws the step: keep what was typed there (secret inputs never render a value back).

    The posted form describes the advanced settings completely: visible checkboxes, or hidden inputs for the
    settings that are on, so a setting missing from it is off.
    """
    if forms_.main is not None:
        forms_.main.initial.update({name: typed[name] for name in forms_.main.fields if name in typed})
    if forms_.advanced is not None:
        for name, field in forms_.advanced.fields.items():
            if isinstance(field, forms.BooleanField):
                forms_.advanced.initial[name] = name in typed
            elif name in typed:
                forms_.advanced.initial[name] = typed[name]
    return forms_


def _finish(request: HttpRequest, setup: AssistedSetup) -> HttpResponse:
    admin_form = AdminCredentialsForm(request.POST if "admin_user_name" in request.POST else None)
    admin = admin_form.credentials() if admin_form.is_bound and admin_form.is_valid() else None
    try:
        outcome = finish_assisted_setup(setup, admin=admin, request=request)
    except AdminCredentialsRequired as needed:
        return _render(request, setup, WizardStep.FINISH, StepForms(None, None), admin_form=admin_form, error=needed)
    if outcome.error:
        return _render(request, setup, WizardStep.FINISH, StepForms(None, None), outcome=outcome)
    review = f"{reverse('mappings:full_sync_review')}?connection={setup.connection_id}"
    return _render(
        request,
        setup,
        WizardStep.FINISH,
        StepForms(None, None),
        outcome=outcome,
        done=True,
        full_sync_review_url=review,
    )
