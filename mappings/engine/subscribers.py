"""Additional fields that BC's table subscribers compute after the field transfer (sync_engine §2.11).

BC's CURRENCY mapping maps only the code, symbol and name, yet Dataverse requires a transaction currency's
exchange rate: BC's subscriber fills it in from its Currency Exchange Rate table, as units of the currency per one
unit of the Dataverse base currency (the base currency itself is 1), and fails the record with "Cannot create or
update the currency … because there is no exchange rate defined for it." when BC has none. A subscriber reads what
it needs for a whole page at once, so the cost stays one request per page.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from mappings.engine.errors import MappingError
from mappings.engine.types import SourceRecord
from synclog.choices import PassDirection

__all__ = ["ExchangeRates", "Subscriber", "subscribers_for"]

RATE_TABLE = "Currency Exchange Rate"
RATE_PRECISION = Decimal("0.0000000001")


class Subscriber(Protocol):
    def prepare(self, records: list[SourceRecord]) -> None:
        """Read what the page's records need, in as few requests as possible."""

    def additional(self, values: dict[str, Any]) -> dict[str, Any]:
        """Destination fields to write besides the mapped ones; ``MappingError`` fails the record."""


class ExchangeRates:
    """Currency → transactioncurrency: ``exchangerate`` from BC's latest exchange rate that has started."""

    def __init__(self, rate_side, base_currency: Callable[[], str]) -> None:
        self.rate_side = rate_side
        self.base_currency = base_currency
        self.rates: dict[str, Decimal | None] = {}

    def prepare(self, records: list[SourceRecord]) -> None:
        codes = sorted({str(r.values.get("Code") or "") for r in records} - set(self.rates) - {""})
        if not codes:
            return
        latest: dict[str, tuple[str, Decimal]] = {}
        today = date.today().isoformat()
        for row in self.rate_side.matching("Currency Code", codes):
            values = row.values
            starting = str(values.get("Starting Date") or "")
            amount, relational = values.get("Exchange Rate Amount"), values.get("Relational Exch. Rate Amount")
            if starting > today or values.get("Relational Currency Code") or not amount or not relational:
                continue
            code = values["Currency Code"]
            if code not in latest or latest[code][0] < starting:
                latest[code] = (starting, Decimal(str(amount)) / Decimal(str(relational)))
        self.rates.update({code: latest[code][1] if code in latest else None for code in codes})

    def additional(self, values: dict[str, Any]) -> dict[str, Any]:
        code = str(values.get("Code") or "")
        if code.upper() == self.base_currency().upper():
            return {"exchangerate": 1.0}
        rate = self.rates.get(code)
        if rate is None:
            raise MappingError(
                f"Cannot create or update the currency {code} in Dataverse, because there is no exchange rate "
                "defined for it."
            )
        return {"exchangerate": float(rate.quantize(RATE_PRECISION))}


def subscribers_for(
    bc_table: str, dataverse_table: str, direction: PassDirection, sides, base_currency: Callable[[], str]
) -> list[Subscriber]:
    """The subscribers of one pass of one table pair."""
    if (bc_table, dataverse_table, direction) == ("Currency", "transactioncurrency", PassDirection.TO_INTEGRATION):
        return [ExchangeRates(sides.bc(RATE_TABLE), base_currency)]
    return []
