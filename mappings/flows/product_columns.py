"""What BC's product subscriber sets after the field transfer, written with the product itself (sales_flows §8.2).

BC gives an item's (resource's) product its type, the default price list and the local currency in the same
insert or modify that carries the mapped fields. Written here as a subscriber of the ITEM-PRODUCT and
RESOURCE-PRODUCT passes, a new product is complete in one write; the product rules job that follows the mapping
(``mappings.flows.products``) then finds these columns in place and writes only what needs the written row: its
state, the price list items, a negative price or quantity.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from connection_setup.models import Connection
from mappings.engine.types import SourceRecord
from mappings.flows.base import FlowError
from mappings.flows.price_lists import default_price_list, local_currency

__all__ = ["PRODUCT_TYPES", "ProductColumns"]

PRODUCT_TYPES = {"Item": 1, "Resource": 3}  # producttypecode: Sales Inventory, Services


@dataclass
class _Services:
    """What the price list helpers read from: the connection and its two clients."""

    connection: Connection
    bc: Any
    dataverse: Any


class ProductColumns:
    """Item/Resource → product: ``producttypecode``, ``pricelevelid`` and ``transactioncurrencyid``; the price
    list and currency are looked up (the list created when missing, as BC does) once per pass."""

    insert_only = False

    def __init__(self, bc_table: str, connection_id: int, sides) -> None:
        self.type = PRODUCT_TYPES[bc_table]
        self.connection_id, self.sides = connection_id, sides
        self.columns: dict[str, uuid.UUID] | None = None

    def prepare(self, records: list[SourceRecord]) -> None:
        if self.columns is not None or not records:
            return
        connection = Connection.objects.get(pk=self.connection_id)
        services = _Services(connection, self.sides.bc_client, self.sides.dataverse_client)
        try:
            currency = local_currency(services)
            self.columns = {"pricelevelid": default_price_list(services, currency), "transactioncurrencyid": currency}
        except FlowError:
            self.columns = {}  # no local currency in Sales: the product rules job reports it, once, for the run

    def additional(self, values: dict[str, Any]) -> dict[str, Any]:
        return {"producttypecode": self.type, **(self.columns or {})}
