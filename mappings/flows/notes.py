"""Notes between Dataverse annotations on sales orders and BC notes (Record Links) on sales headers (§7.1).

Pairs are couplings of ``Record Link`` ↔ ``annotation``. BC → Dataverse sends new notes only (BC propagates
neither edits nor deletions of its notes); Dataverse → BC adds new annotations and overwrites edited ones.
Annotations BC creates get an id derived from the note's SystemId, so a retry upserts the same row.
"""

import html
import re
import uuid

from connection_setup.clients import odata
from connection_setup.clients.batch import Write
from connection_setup.models import Connection
from mappings.flows.base import FlowResult, FlowRun, RecordRef, last_success
from mappings.flows.couplings import couple, coupled_bc_id
from mappings.flows.dataverse_rows import bind, lookup
from mappings.models import Coupling

__all__ = ["NOTES_JOB", "annotation_text", "copy_order_annotations", "record_id_of", "synchronize_notes"]

NOTES_JOB = "SALESORDER-NOTES"
_DIV = re.compile(r"<div[^>]*>(.*?)</div>", re.IGNORECASE | re.DOTALL)
_FORMATTING = re.compile(r"</?(br|i|b|u|s|strong|em|small|hr|p|span)\b[^>]*/?>", re.IGNORECASE)
_RECORD_ID = re.compile(r"^Sales Header: Order,(?P<no>.+)$")


def annotation_text(note: str | None) -> str:
    """Plain text of an annotation: each ``<div>`` block one line without formatting tags, else the text as is."""
    text = note or ""
    if "</div>" not in text.lower():
        return text
    return "\n".join(html.unescape(_FORMATTING.sub("", block)).strip() for block in _DIV.findall(text))


def record_id_of(header: dict) -> str:
    """The Record ID a note of this sales header carries, as BC prints a RecordId."""
    return f"Sales Header: {header['Document Type']},{header['No.']}"


def _note(connection: Connection, header: dict, annotation: dict) -> dict:
    return {
        "Record ID": record_id_of(header),
        "Type": "Note",
        "Description": (annotation.get("subject") or "")[:250],
        "Note": annotation_text(annotation.get("notetext"))[:2048],
        "Company": connection.bc_company_name[:30],
    }


def _coupled_annotations(connection: Connection) -> set[uuid.UUID]:
    return set(
        Coupling.objects.filter(
            connection=connection, bc_table="Record Link", dataverse_table="annotation"
        ).values_list("dataverse_id", flat=True)
    )


def copy_order_annotations(run: FlowRun, header: dict, order_id: object) -> int:
    """New annotations of one order (text notes only: not documents, no file) become coupled BC notes."""
    where = odata.eq("_objectid_value", uuid.UUID(str(order_id))) & odata.eq("isdocument", False)
    annotations = [row for page in run.dataverse.iter_pages("annotation", filter=where) for row in page]
    coupled = _coupled_annotations(run.connection)
    new = [a for a in annotations if not a.get("filesize") and uuid.UUID(a["annotationid"]) not in coupled]
    return _create_notes(run, [(header, annotation) for annotation in new])


def _create_notes(run: FlowRun, pairs: list[tuple[dict, dict]]) -> int:
    if not pairs:
        return 0
    writes = [Write("create", "Record Link", None, _note(run.connection, h, a)) for h, a in pairs]
    created = 0
    for (_, annotation), result in zip(pairs, run.bc.write_batch(writes), strict=True):
        if result.ok:
            couple(run.connection, "Record Link", result.id, "annotation", annotation["annotationid"])
            created += 1
        else:
            run.fail(result.error.message, _ref(None, annotation))
    return created


def _ref(link_id, annotation: dict | None) -> RecordRef:
    return RecordRef("Record Link", link_id, "annotation", annotation and annotation.get("annotationid"))


def _order_headers(run: FlowRun, order_ids: set[uuid.UUID]) -> dict[uuid.UUID, dict]:
    """Coupled Dataverse order id → its BC sales header (Document Type Order)."""
    headers = {}
    for order_id in order_ids:
        header_id = coupled_bc_id(run.connection, "Sales Header", "salesorder", order_id)
        if header_id:
            rows = [
                r for p in run.bc.iter_pages("Sales Header", filter=odata.eq("id", odata.guid(header_id))) for r in p
            ]
            if rows and rows[0]["Document Type"] == "Order":
                headers[order_id] = rows[0]
    return headers


def _notes_to_dataverse(run: FlowRun, since) -> None:
    where = odata.eq("Type", "Note")
    if since:
        where = where & odata.gt("lastModifiedDateTime", since)
    coupled_links = set(
        Coupling.objects.filter(connection=run.connection, bc_table="Record Link").values_list(
            "bc_system_id", flat=True
        )
    )
    for page in run.bc.iter_pages("Record Link", filter=where):
        for link in page:
            match = _RECORD_ID.match(link.get("Record ID") or "")
            if match is None or uuid.UUID(link["id"]) in coupled_links:
                continue
            headers = [r for p in run.bc.iter_pages("Sales Header", filter=_order(match["no"])) for r in p]
            order_id = (
                Coupling.objects.filter(
                    connection=run.connection,
                    bc_table="Sales Header",
                    dataverse_table="salesorder",
                    bc_system_id=headers[0]["id"] if headers else None,
                )
                .values_list("dataverse_id", flat=True)
                .first()
            )
            if order_id is None:
                continue
            annotation_id = uuid.uuid5(uuid.NAMESPACE_URL, f"bcsales/record-link/{link['id']}")
            body = {"subject": link.get("Description") or "", "notetext": link.get("Note") or "", "isdocument": False}
            body |= {"objecttypecode": "salesorder", **bind("objectid_salesorder", "salesorder", order_id)}
            run.dataverse.upsert("annotation", annotation_id, body)
            couple(run.connection, "Record Link", link["id"], "annotation", annotation_id)
            run.count(inserted=1)


def _order(number: str):
    return odata.eq("Document Type", "Order") & odata.eq("No.", number)


def _annotations_to_bc(run: FlowRun, since) -> None:
    where = odata.eq("objecttypecode", "salesorder")
    if since:
        where = where & odata.gt("modifiedon", since)
    annotations = [row for page in run.dataverse.iter_pages("annotation", filter=where) for row in page]
    couplings = {
        c.dataverse_id: c
        for c in Coupling.objects.filter(
            connection=run.connection, bc_table="Record Link", dataverse_table="annotation"
        )
    }
    new = [a for a in annotations if uuid.UUID(a["annotationid"]) not in couplings]
    headers = _order_headers(run, {lookup(a, "objectid") for a in new if lookup(a, "objectid")})
    run.count(
        inserted=_create_notes(
            run, [(headers[lookup(a, "objectid")], a) for a in new if lookup(a, "objectid") in headers]
        )
    )
    for annotation in annotations:
        coupling = couplings.get(uuid.UUID(annotation["annotationid"]))
        if coupling is None or coupling.bc_system_id is None:
            continue
        run.guarded(_ref(coupling.bc_system_id, annotation), _overwrite_note, run, coupling.bc_system_id, annotation)


def _overwrite_note(run: FlowRun, link_id: uuid.UUID, annotation: dict) -> None:
    text = annotation_text(annotation.get("notetext"))[:2048]
    if run.bc.get("Record Link", link_id).get("Note") != text:
        run.bc.update("Record Link", link_id, {"Note": text})
        run.count(modified=1)


def synchronize_notes(connection: Connection) -> FlowResult:
    """The CRM Notes Synch Job: new BC notes to Dataverse, new and edited annotations to BC."""
    since = last_success(connection, NOTES_JOB)
    with FlowRun(connection, NOTES_JOB) as run:
        _notes_to_dataverse(run, since)
        _annotations_to_bc(run, since)
    return run.result
