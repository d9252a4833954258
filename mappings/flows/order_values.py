"""BC sales header → Dataverse document columns, for what BC sends back to Sales (sales_flows §1.9, §2.1, §4.1).

Shared by the legacy and the bidirectional order pushes and by posted invoices: addresses, terms through the
option mappings, currency, owner and the company stamp. Look-ups are resolved through couplings, with BC's
messages when a related record is not coupled; what a run resolved once is cached on the ``References``.
"""

import uuid
from functools import cached_property

from connection_setup.clients import odata
from connection_setup.models import OwnershipModel
from mappings.flows.base import FlowError, FlowRun
from mappings.flows.bc_documents import option_codes
from mappings.flows.couplings import coupled_dataverse_id
from mappings.flows.dataverse_rows import bind
from mappings.flows.document_mapping import ADDRESS_PARTS, OPTION_FIELDS
from mappings.flows.price_lists import local_currency

__all__ = ["References", "address_values", "header_columns"]


def address_values(header: dict, side: str, *, with_name: bool) -> dict:
    """billto_*/shipto_* columns from the BC header's Bill-to/Ship-to fields."""
    parts = ((("Name", "name"),) if with_name else ()) + ADDRESS_PARTS
    return {f"{side.lower()}to_{dv}": header.get(f"{side}-to {bc}") or "" for bc, dv in parts}


class References:
    """Look-ups of one run: currencies, salespeople and the company row, each read once."""

    def __init__(self, run: FlowRun) -> None:
        self.run = run
        self._currencies: dict[str, uuid.UUID] = {}
        self._owners: dict[str, uuid.UUID] = {}

    def _system_id(self, table: str, key: str, value: str) -> str | None:
        rows = [r for p in self.run.bc.iter_pages(table, filter=odata.eq(key, value), select=[key]) for r in p]
        return rows[0]["id"] if rows else None

    def currency(self, code: str) -> uuid.UUID:
        """The Dataverse currency of a BC currency code; blank is the local currency."""
        if code not in self._currencies:
            if not code:
                self._currencies[code] = local_currency(self.run)
            else:
                system_id = self._system_id("Currency", "Code", code)
                row_id = coupled_dataverse_id(self.run.connection, "Currency", system_id) if system_id else None
                if row_id is None:
                    raise FlowError(f"Currency {code} must be coupled to a CRM Transactioncurrency record.")
                self._currencies[code] = row_id
        return self._currencies[code]

    def owner(self, salesperson: str) -> dict:
        """Person ownership: the Sales user coupled to the salesperson; Team ownership never changes the owner."""
        if self.run.connection.ownership_model != OwnershipModel.PERSON or not salesperson:
            return {}
        if salesperson not in self._owners:
            system_id = self._system_id("Salesperson/Purchaser", "Code", salesperson)
            user_id = coupled_dataverse_id(self.run.connection, "Salesperson/Purchaser", system_id)
            if system_id is None or user_id is None:
                raise FlowError(f"Salesperson/Purchaser {salesperson} must be coupled to a systemuser row.")
            self._owners[salesperson] = user_id
        return bind("ownerid", "systemuser", self._owners[salesperson])

    @cached_property
    def company(self) -> dict:
        """The company stamp (``bcbi_companyid``): the Sales company row of this BC company, when there is one."""
        company_id = self.run.connection.bc_company_id
        where = odata.eq("bcbi_externalid", str(company_id)) if company_id else None
        rows = [r for p in self.run.dataverse.iter_pages("cdm_company", filter=where) for r in p] if where else []
        return bind("bcbi_companyid", "cdm_company", rows[0]["cdm_companyid"]) if rows else {}

    @cached_property
    def option_values(self) -> dict[str, dict[str, object]]:
        """Dataverse choice column → {BC code: option value}, the reverse of the option mappings."""
        codes = option_codes(self.run.connection)
        return {column: {code: value for value, code in values.items()} for column, values in codes.items()}


def header_columns(refs: References, header: dict, *, bill_to_name: bool) -> dict:
    """The columns both order mappings send: addresses, terms, dates, currency, owner and company."""
    values = address_values(header, "Ship", with_name=True) | address_values(header, "Bill", with_name=bill_to_name)
    for column, bc_field in OPTION_FIELDS:
        value = refs.option_values.get(column, {}).get(header.get(bc_field) or "")
        if value is not None:
            values[column] = value
    values |= {
        "requestdeliveryby": header.get("Requested Delivery Date") or None,
        "datefulfilled": header.get("Last Shipment Date") or None,
        "discountamount": header.get("Invoice Discount Amount") or 0,
    }
    values |= bind("transactioncurrencyid", "transactioncurrency", refs.currency(header.get("Currency Code") or ""))
    return values | refs.owner(header.get("Salesperson Code") or "") | refs.company
