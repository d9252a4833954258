"""BC's local currency (LCY) in Dataverse terms (sync_engine §2.11, "Currency").

A blank BC currency code means the LCY, which BC's Currency table does not hold, so no coupling names it: BC's
subscriber translates a blank code into the Dataverse currency whose ISO code is the LCY code, and that currency back
into a blank code. The LCY code is the connection's; when the connection does not hold it yet, it is read from BC's
company information (General Ledger Setup's LCY Code) once and stored on the connection. BC requires the LCY code to
match the ISO code of Sales's base currency, so the connection's base currency id (stored by its connection test, or
here after the one read that finds it) is the LCY's Dataverse id: a pass then asks neither service for it.
"""

import uuid

from connection_setup.clients import odata
from connection_setup.models import Connection
from connection_setup.services.checks import local_currency_code
from connection_setup.services.report import CheckFailed

__all__ = ["LocalCurrency", "stored_local_currency_code"]


def stored_local_currency_code(connection: Connection, bc_client) -> str:
    """The connection's LCY code, read from BC and saved when blank; blank when BC has none either."""
    if not connection.base_currency_code:
        try:
            code = local_currency_code(bc_client, connection)
        except CheckFailed:
            return ""
        connection.base_currency_code = code
        Connection.objects.filter(pk=connection.pk).update(base_currency_code=code)
    return connection.base_currency_code


class LocalCurrency:
    """The Dataverse id of the LCY currency, asked for only when a pass meets a blank currency; read once."""

    def __init__(self, connection_id: int, sides) -> None:
        self.connection_id, self.sides = connection_id, sides
        self.answer: list[uuid.UUID | None] = []

    def __call__(self) -> uuid.UUID | None:
        if not self.answer:
            self.answer.append(self._read())
        return self.answer[0]

    def _read(self) -> uuid.UUID | None:
        connection = Connection.objects.get(pk=self.connection_id)
        if connection.base_currency_id and connection.base_currency_code:
            return connection.base_currency_id
        code = stored_local_currency_code(connection, self.sides.bc_client)
        if not code:
            return None
        where = odata.eq("isocurrencycode", code)
        pages = self.sides.dataverse_client.iter_pages(
            "transactioncurrency", filter=where, select=["transactioncurrencyid"], top=1
        )
        row = next((row for page in pages for row in page), None)
        if row is None:
            return None
        currency_id = uuid.UUID(row["transactioncurrencyid"])
        Connection.objects.filter(pk=self.connection_id).update(base_currency_id=currency_id)
        return currency_id
