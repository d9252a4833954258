"""A Sales order's or quote's freight amount as a BC sales line (sales_flows §1.6, BC's Sales Line InsertFreightLine).

BC adds, after the document's lines, one line of Type G/L Account on the Freight G/L account of Sales &
Receivables Setup, quantity 1, unit price = the freight amount, described "Freight Amount"; a document that has
such a line already has it replaced with the other lines. No freight (zero or negative) adds nothing, and a freight amount
without the setup account is refused with the setting's name, before anything is written.
"""

from decimal import Decimal

from mappings.flows.base import FlowError
from mappings.flows.sales_setup import SalesSetup

__all__ = ["FREIGHT_DESCRIPTION", "FREIGHT_TYPE", "freight_line"]

FREIGHT_DESCRIPTION = "Freight Amount"
FREIGHT_TYPE = "G/L Account"
MISSING_ACCOUNT = (
    "Freight G/L Acc. No. must have a value in Sales & Receivables Setup: Primary Key=. It cannot be zero or empty."
)


def freight_line(setup: SalesSetup, row: dict, *, prefix: str) -> dict | None:
    """The freight line's values (without document and line number), or None when the row has no freight."""
    amount = Decimal(str(row.get("freightamount") or 0))
    if amount <= 0:
        return None
    if not setup.freight_account:
        raise FlowError(f"{prefix} {MISSING_ACCOUNT}")
    return {
        "Type": FREIGHT_TYPE,
        "No.": setup.freight_account,
        "Description": FREIGHT_DESCRIPTION,
        "Quantity": 1,
        "Unit Price": float(amount),
    }
