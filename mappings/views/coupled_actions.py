"""Actions on coupled records: Couple, Create New, Uncouple, Synchronize Now and Match-Based Coupling."""

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from bcsales.permissions import admin_action
from connection_setup.clients.errors import ServiceError
from mappings.services import coupling_actions as actions
from mappings.services.coupling_jobs import match_based_coupling, uncouple_records
from mappings.services.dry_run import plan_coupling
from mappings.services.match_coupling import candidate_fields, save_criteria
from mappings.views.coupled_records import mapping_or_404
from mappings.views.full_sync_review import render_dry_run
from synclog.choices import PassDirection

__all__ = ["couple", "create_new", "match_coupling", "match_coupling_run", "match_dry_run", "synchronize", "uncouple"]


def _ids(values: list[str]) -> list[uuid.UUID]:
    ids = []
    for value in values:
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            continue
    return ids


def _list(pk: int) -> HttpResponse:
    return redirect("mappings:coupled_list", pk=pk)


def _record(pk: int, bc_id) -> HttpResponse:
    return redirect("mappings:coupled_record", pk=pk, bc_id=bc_id)


def _selection(request: HttpRequest) -> list[uuid.UUID]:
    ids = _ids(request.POST.getlist("bc_ids"))
    if not ids:
        messages.error(request, "Select one or more records first.")
    return ids


@admin_action("Couple")
def couple(request: HttpRequest, pk: int, bc_id: uuid.UUID) -> HttpResponse:
    mapping = mapping_or_404(pk)
    direction = request.POST.get("synchronize", "")
    if direction not in ("", *PassDirection.values):
        messages.error(request, "Choose No, or the side whose data to use, for Synchronize After Coupling.")
        return _record(pk, bc_id)
    try:
        if request.POST.get("create_new"):
            job = actions.create_new(mapping, bc_ids=[bc_id], user=request.user)
            messages.success(request, f"A new {mapping.dataverse_table} row will be created by job {job.pk}.")
            return _record(pk, bc_id)
        chosen = _ids([request.POST.get("dataverse_id", "")])
        if not chosen:
            messages.error(request, f"Choose the {mapping.dataverse_table} row to couple to, or tick Create New.")
            return _record(pk, bc_id)
        _, job = actions.couple_record(
            mapping, bc_id=bc_id, dataverse_id=chosen[0], synchronize=direction, user=request.user
        )
    except (actions.CouplingRefused, ServiceError) as error:
        messages.error(request, str(error))
        return _record(pk, bc_id)
    messages.success(request, "The record is coupled." + (" The synchronization has been scheduled." if job else ""))
    return _record(pk, bc_id)


@admin_action("Create New")
def create_new(request: HttpRequest, pk: int) -> HttpResponse:
    mapping, ids = mapping_or_404(pk), _selection(request)
    if ids:
        try:
            job = actions.create_new(mapping, bc_ids=ids, user=request.user)
            messages.success(request, f"The new rows will be created by job {job.pk}.")
        except (actions.CouplingRefused, ServiceError) as error:
            messages.error(request, str(error))
    return _list(pk)


@admin_action("Uncouple")
def uncouple(request: HttpRequest, pk: int) -> HttpResponse:
    mapping, ids = mapping_or_404(pk), _selection(request)
    if ids:
        job = uncouple_records(mapping, bc_ids=ids, user=request.user)
        messages.success(request, f"The uncoupling has been scheduled as job {job.pk}; see the Synchronization Log.")
    return _list(pk)


@admin_action("Synchronize Now")
def synchronize(request: HttpRequest, pk: int) -> HttpResponse:
    """Synchronize the selection; a selection that would overwrite newer data is shown for confirmation first."""
    mapping, ids = mapping_or_404(pk), _selection(request)
    direction = request.POST.get("direction", "")
    if direction not in PassDirection.values:
        messages.error(request, "Choose the direction to synchronize in.")
        return _list(pk)
    if not ids:
        return _list(pk)
    try:
        report = actions.synchronize_selected(
            mapping, bc_ids=ids, direction=direction, confirmed=bool(request.POST.get("confirmed")), user=request.user
        )
    except ServiceError as error:
        messages.error(request, f"The records could not be read: {error}")
        return _list(pk)
    if report.job is None and report.overwrites:
        context = {"mapping": mapping, "report": report, "direction": direction, "ids": ids}
        return render(request, "mappings/coupled_confirm_overwrite.html", context)
    (messages.success if report.job else messages.warning)(request, report.message)
    for bc_id, reason in report.skipped.items():
        messages.warning(request, f"{bc_id}: {reason}")
    return _list(pk)


def match_coupling(request: HttpRequest, pk: int) -> HttpResponse:
    """The "Select Coupling Criteria" page for the whole table or the selected records."""
    mapping = mapping_or_404(pk)
    context = {"mapping": mapping, "candidates": candidate_fields(mapping), "ids": request.GET.getlist("bc_ids")}
    return render(request, "mappings/coupled_match_criteria.html", context)


@admin_action("Match-Based Coupling")
def match_coupling_run(request: HttpRequest, pk: int) -> HttpResponse:
    mapping = mapping_or_404(pk)
    chosen = {}
    for candidate in candidate_fields(mapping):
        if request.POST.get(f"match_{candidate.pk}"):
            priority = request.POST.get(f"priority_{candidate.pk}", "0") or "0"
            if not priority.isdigit():
                messages.error(request, f"The match priority of {candidate.bc_field} must be a whole number.")
                return redirect("mappings:coupled_match", pk=pk)
            chosen[candidate.pk] = (int(priority), bool(request.POST.get(f"case_{candidate.pk}")))
    if not chosen:
        messages.error(request, f"You must specify which fields on the table mapping '{mapping.name}' should be used.")
        return redirect("mappings:coupled_match", pk=pk)
    save_criteria(mapping, chosen)
    ids, create = _ids(request.POST.getlist("bc_ids")), bool(request.POST.get("create_new"))
    if request.POST.get("dry_run"):
        query = "&".join([f"bc_ids={i}" for i in ids] + (["create_new=1"] if create else []))
        return redirect(f"{reverse('mappings:coupled_match_dry_run', args=[pk])}?{query}")
    job = match_based_coupling(
        mapping, create_new=create, synch_after=bool(request.POST.get("synch_after")), bc_ids=ids, user=request.user
    )
    messages.success(request, f"The coupling will run in the background as job {job.pk}; see the Synchronization Log.")
    return _list(pk)


def match_dry_run(request: HttpRequest, pk: int) -> HttpResponse:
    mapping = mapping_or_404(pk)
    ids = _ids(request.GET.getlist("bc_ids"))
    try:
        run = plan_coupling(mapping, create_new=bool(request.GET.get("create_new")), bc_ids=ids or None)
    except ServiceError as error:
        messages.error(request, f"The records could not be read: {error}")
        return _list(pk)
    return render_dry_run(request, run, reverse("mappings:coupled_list", args=[pk]))
