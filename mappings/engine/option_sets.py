"""The Dataverse side of an option mapping: a choice column's options, read once per pass and written through the
metadata actions (``InsertOptionValue`` / ``UpdateOptionValue``), with the sales documents' columns kept in step.

Sales copies an account's payment terms, freight terms and shipping method onto orders, quotes and invoices by
option value, so BC adds every new value to those columns too, with the same value and label (sync_engine §2.10).
A document column the environment does not have is left out, not treated as an error.
"""

from connection_setup.clients.dataverse import DataverseClient
from connection_setup.clients.errors import NotFoundError, ValidationError

__all__ = ["DOCUMENT_COLUMNS", "OptionColumns"]

_DOCUMENTS = ("salesorder", "quote", "invoice")

# An account's choice column → the columns of the sales documents that carry the same options.
DOCUMENT_COLUMNS: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("account", "paymenttermscode"): tuple((table, "paymenttermscode") for table in _DOCUMENTS),
    ("account", "address1_freighttermscode"): tuple((table, "freighttermscode") for table in _DOCUMENTS),
    ("account", "address1_shippingmethodcode"): tuple((table, "shippingmethodcode") for table in _DOCUMENTS),
}


def _options_or_none(client: DataverseClient, table: str, column: str) -> dict[int, str] | None:
    try:
        return client.option_set(table, column)
    except (NotFoundError, ValidationError):
        return None


class OptionColumns:
    """The mapping's choice column (``options``: value → label) and the document columns that follow it."""

    def __init__(self, client: DataverseClient, table: str, column: str) -> None:
        self.client = client
        self.column = (table, column)
        self.options = client.option_set(table, column)
        self.documents: dict[tuple[str, str], dict[int, str]] = {}
        for document in DOCUMENT_COLUMNS.get(self.column, ()):
            options = _options_or_none(client, *document)
            if options is not None:
                self.documents[document] = options

    def match(self, label: str, taken: set[int]) -> int | None:
        """An option not mapped yet whose label equals ``label`` ignoring case: Sales may already have it."""
        wanted = label.casefold()
        return next(
            (value for value, text in self.options.items() if text.casefold() == wanted and value not in taken), None
        )

    def add(self, label: str, *, value: int | None = None) -> int:
        """A new option labelled ``label`` (Dataverse picks the value unless given), added to the documents too."""
        value = self.client.insert_option_value(*self.column, label, value=value)
        self.options[value] = label
        self.spread(value)
        return value

    def relabel(self, value: int, label: str) -> None:
        self.client.update_option_value(*self.column, value, label)
        self.options[value] = label
        self.spread(value)

    def spread(self, value: int) -> None:
        """Give each document column the option ``value`` with the account column's label."""
        label = self.options[value]
        for (table, column), options in self.documents.items():
            if value not in options:
                self.client.insert_option_value(table, column, label, value=value)
            elif options[value] != label:
                self.client.update_option_value(table, column, value, label)
            options[value] = label
