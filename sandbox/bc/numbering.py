"""Number series: the next "No." for a new customer, item or document, as BC's No. Series do it.

Each series is a "No. Series Line" record holding the last number used; taking a number is an optimistic
update of that record (retried when two writers race), so numbers are never handed out twice.
"""

import re
import uuid

from sandbox.bc import records as store
from sandbox.bc.errors import FieldValidation
from sandbox.bc.schema import table

__all__ = ["SERIES", "increment", "next_number", "series_for"]

SERVICE = "bc"
SERIES_TABLE = "No. Series Line"

# Series code → (starting number, increment), CRONUS-like.
SERIES: dict[str, tuple[str, int]] = {
    "CUST": ("C00010", 10),
    "VEND": ("V00010", 10),
    "CONT": ("CT000001", 1),
    "ITEM": ("90000", 10),
    "RES": ("R0010", 10),
    "OPP": ("OP000001", 1),
    "S-QUO": ("S-QUO1001", 1),
    "S-ORD": ("S-ORD101001", 1),
    "S-INV": ("S-INV102001", 1),
    "PS-INV": ("PS-INV103001", 1),
    "LINK": ("1", 1),
}
DOCUMENT_SERIES = {"Quote": "S-QUO", "Order": "S-ORD", "Invoice": "S-INV"}


def series_for(table_name: str, data: dict) -> str | None:
    """The series that numbers a new record of ``table_name`` (documents by their Document Type)."""
    if table_name == "Sales Header":
        return DOCUMENT_SERIES.get(data.get("Document Type", ""))
    return table(table_name).number_series


def increment(number: str, by: int = 1) -> str:
    """BC's IncStr: add ``by`` to the last run of digits, keeping its width ("C00090" → "C00100")."""
    match = re.search(r"(\d+)(?!.*\d)", number)
    if not match:
        raise FieldValidation(f"The number {number} cannot be increased because it contains no digits.")
    digits = match.group(1)
    bumped = str(int(digits) + by).zfill(len(digits))
    return number[: match.start()] + bumped + number[match.end() :]


def _series_id(series: str) -> uuid.UUID:
    """A fixed SystemId per series, so that two first users of a series cannot both create it."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"bcsales-sandbox:no-series:{series}")


def next_number(series: str, count: int = 1) -> list[str]:
    """Take ``count`` consecutive numbers from ``series``."""
    start, step = SERIES[series]
    for _ in range(20):
        rows = store.find(SERVICE, SERIES_TABLE, **{"Series Code": series})
        if not rows:
            numbers = [increment(start, step * index) if index else start for index in range(count)]
            data = {"Series Code": series, "Line No.": 10000, "Starting No.": start, "Increment-by No.": step}
            try:
                store.insert(SERVICE, SERIES_TABLE, _series_id(series), {**data, "Last No. Used": numbers[-1]})
            except store.RowExists:
                continue
            return numbers
        row = rows[0]
        numbers = [increment(row.data["Last No. Used"], step * (index + 1)) for index in range(count)]
        try:
            store.update(
                SERVICE,
                SERIES_TABLE,
                row.row_id,
                {**row.data, "Last No. Used": numbers[-1]},
                expected_version=row.version,
            )
        except store.VersionMismatch:
            continue
        return numbers
    raise FieldValidation(f"The number series {series} is busy; try again.", status=409)
