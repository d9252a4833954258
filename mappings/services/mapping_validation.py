"""Checks a table mapping and its field mappings before anything is saved.

Three layers, cheapest first: the OData filters must parse (the parser's own message is shown); the settings must
be possible together (an option mapping is never bidirectional, a filter names fields the table has, dependencies
name mappings that exist); and, when the connection is enabled, every table, field and column must exist in the
services' metadata (Dataverse EntityDefinitions, BC $metadata), read through ``mapping_schema``.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from odata_query.exceptions import ODataException
from odata_query.grammar import ODataLexer, ODataParser
from odata_query.visitor import NodeVisitor

from connection_setup.clients import registry
from mappings.models import FieldMapping, TableMapping

__all__ = ["FilterError", "Schema", "filter_fields", "validate_mapping"]

LOOKUP_VALUE = re.compile(r"^_(?P<column>.+)_value$")


class FilterError(ValueError):
    """A table filter that is not a valid OData ``$filter`` expression."""


@dataclass(frozen=True)
class Schema:
    """What each side offers: BC table name → API property names, Dataverse logical name → column logical names.

    ``bc`` is None when the BC environment publishes no $metadata for the API group: BC names are then checked
    against the registry only.
    """

    bc: Mapping[str, frozenset[str]] | None = field(default_factory=dict)
    dataverse: Mapping[str, frozenset[str]] = field(default_factory=dict)


class _Identifiers(NodeVisitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_Identifier(self, node) -> None:
        self.names.add(node.name)


def filter_fields(text: str) -> set[str]:
    """The field names an OData filter compares; raises FilterError with the parser's message when it is invalid."""
    if not text.strip():
        return set()
    try:
        tree = ODataParser().parse(ODataLexer().tokenize(text))
    except ODataException as error:
        raise FilterError(f"The filter is not a valid OData filter: {error}") from None
    if tree is None:
        raise FilterError("The filter is not a valid OData filter: it ends before the expression is complete.")
    visitor = _Identifiers()
    visitor.visit(tree)
    return visitor.names


def _dataverse_column(name: str) -> str:
    """``_parentcustomerid_value`` (how the Web API filters a lookup) names the column ``parentcustomerid``."""
    match = LOOKUP_VALUE.match(name)
    return match["column"] if match else name


def _bc_filter_errors(mapping: TableMapping, names: set[str], schema: Schema | None) -> list[str]:
    try:
        table = registry.bc_table(mapping.bc_table)
    except registry.UnknownTableError as error:
        return [str(error)]
    exposed = schema.bc.get(mapping.bc_table) if schema and schema.bc is not None else None
    known = set(table.fields.values() if exposed is None else exposed) | set(registry.BC_SYSTEM_PROPERTIES)
    return [
        f"The table filter uses {name!r}, which is not a field of {mapping.bc_table}." for name in sorted(names - known)
    ]


def _dataverse_filter_errors(mapping: TableMapping, names: set[str], schema: Schema | None) -> list[str]:
    columns = schema.dataverse.get(mapping.dataverse_table) if schema else None
    if columns is None:
        return []
    missing = sorted(name for name in names if _dataverse_column(name) not in columns)
    return [
        f"The integration table filter uses {name!r}, which is not a column of {mapping.dataverse_table}."
        for name in missing
    ]


def _filter_errors(mapping: TableMapping, schema: Schema | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    checks = (
        ("bc_table_filter", _bc_filter_errors),
        ("dataverse_table_filter", _dataverse_filter_errors),
    )
    for attribute, check in checks:
        try:
            names = filter_fields(getattr(mapping, attribute))
        except FilterError as error:
            errors[attribute] = [str(error)]
            continue
        if names and (problems := check(mapping, names, schema)):
            errors[attribute] = problems
    return errors


def _table_errors(mapping: TableMapping, schema: Schema) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if schema.bc is not None and mapping.bc_table not in schema.bc:
        errors["bc_table"] = [f"Business Central has no table {mapping.bc_table!r}."]
    if mapping.dataverse_table not in schema.dataverse:
        errors["dataverse_table"] = [f"Dataverse has no table {mapping.dataverse_table!r}."]
    elif mapping.is_option_mapping and mapping.dataverse_option_field not in schema.dataverse[mapping.dataverse_table]:
        errors["dataverse_option_field"] = [
            f"{mapping.dataverse_table} has no column {mapping.dataverse_option_field!r}."
        ]
    return errors


def field_errors(mapping: TableMapping, field_mapping: FieldMapping, schema: Schema | None) -> dict[str, list[str]]:
    """Errors of one field mapping's names against the metadata (none when no schema is at hand)."""
    if schema is None:
        return {}
    errors: dict[str, list[str]] = {}
    exposed = schema.bc.get(mapping.bc_table) if schema.bc is not None else None
    if field_mapping.bc_field and exposed is not None and registry.bc_api_name(field_mapping.bc_field) not in exposed:
        endpoint = registry.bc_table(mapping.bc_table)
        errors["bc_field"] = [
            f"{mapping.bc_table} has no field {field_mapping.bc_field!r}: the Business Central endpoint "
            f"{endpoint.api}/{endpoint.entity_set} does not expose {registry.bc_api_name(field_mapping.bc_field)!r} "
            "in its $metadata."
        ]
    columns = schema.dataverse.get(mapping.dataverse_table)
    if field_mapping.dataverse_field and columns is not None and field_mapping.dataverse_field not in columns:
        errors["dataverse_field"] = [f"{mapping.dataverse_table} has no column {field_mapping.dataverse_field!r}."]
    return errors


def _dependency_errors(mapping: TableMapping, known_names: Iterable[str]) -> dict[str, list[str]]:
    unknown = [name for name in mapping.dependencies if name not in set(known_names)]
    if not unknown:
        return {}
    return {
        "dependency_filter": [f"The dependency filter names mappings that do not exist here: {', '.join(unknown)}."]
    }


def validate_mapping(
    mapping: TableMapping,
    fields: Iterable[FieldMapping] = (),
    *,
    schema: Schema | None = None,
    known_names: Iterable[str] | None = None,
) -> dict[str, list[str]]:
    """Every problem of a mapping and its field mappings, keyed by attribute; empty when it may be saved.

    ``known_names`` are the mapping names the dependency filter may use (by default the connection's mappings).
    Field mapping problems are keyed ``fields.<position>.<attribute>``.
    """
    if known_names is None:
        known_names = TableMapping.objects.filter(connection_id=mapping.connection_id).values_list("name", flat=True)
    errors = {**_filter_errors(mapping, schema), **_dependency_errors(mapping, known_names)}
    if schema is not None:
        errors.update(_table_errors(mapping, schema))
    for field_mapping in fields:
        for attribute, problems in field_errors(mapping, field_mapping, schema).items():
            errors[f"fields.{field_mapping.position}.{attribute}"] = problems
    return errors
