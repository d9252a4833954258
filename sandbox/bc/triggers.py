"""The table triggers BC runs on insert, modify and delete, reduced to what the integration can observe.

Defaults copied from related records (a contact's company name, an order's customer data), the units and unit
group BC creates with every item and resource, and the checks and cascades of deletion. Document rules live
in ``sandbox.bc.documents``.
"""

import datetime as dt

from sandbox.bc import documents
from sandbox.bc import records as store
from sandbox.bc.errors import FieldValidation
from sandbox.bc.numbering import next_number

__all__ = ["after_delete", "after_insert", "after_modify", "before_delete", "before_insert", "before_modify"]

SERVICE = "bc"
UNIT_TABLES = {"Item": "Item Unit of Measure", "Resource": "Resource Unit of Measure"}


def before_insert(table_name: str, data: dict, given: set[str]) -> None:
    if table_name in ("Customer", "Vendor", "Contact", "Item", "Resource"):
        _names(table_name, data)
    if table_name == "Contact":
        _contact_company(data)
    elif table_name == "Item" and not data["Sales Unit of Measure"]:
        data["Sales Unit of Measure"] = data["Base Unit of Measure"]
    elif table_name == "Unit Group":
        _unit_group(data)
    elif table_name == "Opportunity":
        data["Creation Date"] = data["Creation Date"] or dt.date.today().isoformat()
        _opportunity_company(data)
    elif table_name == "Record Link":
        data["Link ID"] = data["Link ID"] or int(next_number("LINK")[0])
    elif table_name == "Sales Header":
        documents.init_header(data, given)
    elif table_name == "Sales Line":
        documents.init_line(data, given)


def after_insert(table_name: str, row: store.StoredRow) -> None:
    if table_name in UNIT_TABLES:
        _ensure_units(table_name, row.data)
    elif table_name == "Sales Line":
        documents.refresh_totals(row.data)


def before_modify(table_name: str, old: dict, new: dict, changed: list[str]) -> None:
    if table_name == "Contact" and "Company No." in changed:
        _contact_company(new)
    elif table_name == "Sales Header":
        documents.modify_header(old, new, changed)
    elif table_name == "Sales Line":
        documents.modify_line(new, changed)


def after_modify(table_name: str, old: dict, row: store.StoredRow) -> None:
    if table_name in UNIT_TABLES and old.get("Base Unit of Measure") != row.data.get("Base Unit of Measure"):
        _ensure_units(table_name, row.data)
    elif table_name == "Sales Line":
        documents.refresh_totals(row.data)


def before_delete(table_name: str, row: store.StoredRow) -> None:
    if table_name == "Customer":
        _check_no_open_orders(row.data)
    elif table_name == "Sales Line":
        documents.check_open(documents.header_of(row.data))
    elif table_name == "Sales Header" and row.data["Document Type"] == "Order" and _archive_orders():
        from sandbox.bc.actions import archive

        archive(row)


def _archive_orders() -> bool:
    """Sales & Receivables Setup "Archive Orders": a deleted order is archived first (BC's auto-archive)."""
    setup = store.find(SERVICE, "Sales & Receivables Setup")
    return bool(setup and setup[0].data.get("Archive Orders"))


def after_delete(table_name: str, row: store.StoredRow) -> None:
    from sandbox.bc.service import delete_all

    if table_name == "Sales Header":
        delete_all("Sales Line", documents.lines_of(row.data))
    elif table_name == "Sales Line":
        documents.refresh_totals(row.data)
    elif table_name in UNIT_TABLES:
        number = row.data["No."]
        delete_all(
            UNIT_TABLES[table_name], store.find(SERVICE, UNIT_TABLES[table_name], **{f"{table_name} No.": number})
        )
        delete_all("Unit Group", store.find(SERVICE, "Unit Group", **{"Source Type": table_name, "Source No.": number}))


def _names(table_name: str, data: dict) -> None:
    if table_name == "Contact" and data["Type"] == "Person" and not data["Name"]:
        data["Name"] = " ".join(part for part in (data["First Name"], data["Middle Name"], data["Surname"]) if part)
    if table_name == "Customer" and not data["Search Name"]:
        data["Search Name"] = data["Name"].upper()


def _contact_company(data: dict) -> None:
    if not data.get("Company No."):
        data["Company Name"] = data["Name"] if data["Type"] == "Company" else ""
        return
    company = store.find(SERVICE, "Contact", **{"No.": data["Company No."]})
    if not company or company[0].data["Type"] != "Company":
        raise FieldValidation(f"The contact {data['Company No.']} is not a company contact.")
    data["Company Name"] = company[0].data["Name"]


def _opportunity_company(data: dict) -> None:
    contact = store.find(SERVICE, "Contact", **{"No.": data["Contact No."]}) if data["Contact No."] else []
    if contact:
        data["Contact Company No."] = contact[0].data.get("Company No.") or data["Contact No."]


def _unit_group(data: dict) -> None:
    source = store.find(SERVICE, data["Source Type"], **{"No.": data["Source No."]})
    if not source:
        raise FieldValidation(f"The {data['Source Type']} {data['Source No.']} does not exist.")
    data["Code"] = f"{data['Source Type'].upper()} {data['Source No.']} UOM GR"
    data["Source Name"] = source[0].data.get("Description") or source[0].data.get("Name", "")


def _ensure_units(table_name: str, data: dict) -> None:
    """BC gives every item and resource a unit of measure row for its base unit and a unit group."""
    from sandbox.bc.service import create

    number, base = data["No."], data.get("Base Unit of Measure")
    unit_table = UNIT_TABLES[table_name]
    if base and not store.find(SERVICE, unit_table, **{f"{table_name} No.": number, "Code": base}):
        create(unit_table, {f"{table_name} No.": number, "Code": base, "Qty. per Unit of Measure": 1})
    if not store.find(SERVICE, "Unit Group", **{"Source Type": table_name, "Source No.": number}):
        create("Unit Group", {"Source Type": table_name, "Source No.": number})


def _check_no_open_orders(data: dict) -> None:
    if store.find(SERVICE, "Sales Header", **{"Document Type": "Order", "Sell-to Customer No.": data["No."]}):
        raise FieldValidation(
            f"You cannot delete Customer {data['No.']} because there is at least one outstanding Sales Order for "
            "this customer."
        )
