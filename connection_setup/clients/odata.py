"""Safe OData query options: ``$filter`` expressions built from typed values, ``$select`` and ``$orderby``.

Record data reaches a filter (a customer number, a name to match on), so a filter is never a string the caller
glues together: it is a ``Filter`` built by these helpers, in which every value is turned into an OData literal of
its type (strings quoted with ``'`` doubled, GUIDs, numbers, booleans, null, UTC date-times) and every field name
is checked against the identifier grammar. A value can therefore never close a string and add a clause. Field
names are resolved at render time, so the BC client can accept BC's field names ("No.") and send API names.

A list of values (``in_``) is rendered per service. OData's ``in`` operator counts as one node, and BC takes it
(since 2024 release wave 1). BC also refuses a filter of more than 100 nodes ("The node count limit of '100' has
been exceeded"): an ``or`` of ``eq`` terms costs about five nodes a value, so BC gets ``in``. The Dataverse Web
API documents no ``in`` operator, so it gets the ``or`` of ``eq`` terms.
"""

import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote_plus, urlencode

__all__ = [
    "QUERY_SAFE",
    "Filter",
    "and_",
    "contains",
    "encode_query",
    "endswith",
    "eq",
    "field_name",
    "ge",
    "gt",
    "guid",
    "in_",
    "in_chunks",
    "le",
    "literal",
    "lt",
    "ne",
    "not_",
    "or_",
    "orderby",
    "query_options",
    "select",
    "startswith",
]

Resolver = Callable[[str], str]
# A property, a lookup value column (_parentcustomerid_value) or a navigation path (primarycontactid/fullname).
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(/[A-Za-z_][A-Za-z0-9_]*)*$")


def _same(name: str) -> str:
    return name


def field_name(name: str) -> str:
    """The name unchanged when it is a valid OData property path, else ``ValueError`` naming it."""
    if not isinstance(name, str) or not _IDENTIFIER.match(name):
        raise ValueError(f"{name!r} is not a valid field name for an OData query.")
    return name


def literal(value: object) -> str:
    """The OData literal for a Python value; ``ValueError`` for types a filter cannot carry safely."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return _number(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return _datetime(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise ValueError(f"A value of type {type(value).__name__} cannot be used in a filter.")


def guid(value: object) -> object:
    """A GUID property's value as a GUID literal (a ``uuid.UUID``, written without quotes): the services refuse to
    compare a GUID property with a string. A value that is no GUID is left as it is, for the service to refuse."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return value


def _number(value: float | Decimal) -> str:
    number = Decimal(repr(value)) if isinstance(value, float) else value
    if not number.is_finite():
        raise ValueError(f"{value} is not a number a filter can compare with.")
    return format(number, "f")


def _datetime(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError(f"The date-time {value.isoformat()} has no time zone; filters compare in UTC.")
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Filter:
    """A ``$filter`` expression; ``render`` turns it into text, resolving field names with ``resolve`` and writing
    lists of values with ``in`` when the service takes it (``value_lists``)."""

    _render: Callable[[Resolver, bool], str]

    def render(self, resolve: Resolver = _same, *, value_lists: bool = False) -> str:
        return self._render(resolve, value_lists)

    def __and__(self, other: "Filter") -> "Filter":
        return and_(self, other)

    def __or__(self, other: "Filter") -> "Filter":
        return or_(self, other)

    def __invert__(self) -> "Filter":
        return not_(self)


def _expression(template: str, field: str, value: object) -> Filter:
    """A filter from ``template`` with ``{field}`` and ``{value}``: the value is a literal before it is placed."""
    text = literal(value)
    return Filter(lambda resolve, _lists: template.format(field=field_name(resolve(field)), value=text))


def _comparison(operator: str) -> Callable[[str, object], Filter]:
    def compare(field: str, value: object) -> Filter:
        return _expression(f"{{field}} {operator} {{value}}", field, value)

    compare.__name__, compare.__doc__ = operator, f"``field {operator} value``."
    return compare


eq = _comparison("eq")
ne = _comparison("ne")
gt = _comparison("gt")
ge = _comparison("ge")
lt = _comparison("lt")
le = _comparison("le")


def _function(name: str) -> Callable[[str, str], Filter]:
    def call(field: str, value: str) -> Filter:
        if not isinstance(value, str):
            raise ValueError(f"{name} compares text; got {type(value).__name__}.")
        return _expression(f"{name}({{field}},{{value}})", field, value)

    call.__name__, call.__doc__ = name, f"``{name}(field, 'text')``."
    return call


contains = _function("contains")
startswith = _function("startswith")
endswith = _function("endswith")


def _junction(operator: str, parts: tuple[Filter, ...]) -> Filter:
    if not parts or not all(isinstance(part, Filter) for part in parts):
        raise TypeError(f"'{operator}' joins one or more Filter objects built with the odata helpers.")
    if len(parts) == 1:
        return parts[0]

    def render(resolve: Resolver, value_lists: bool) -> str:
        return "(" + f" {operator} ".join(part.render(resolve, value_lists=value_lists) for part in parts) + ")"

    return Filter(render)


def and_(*parts: Filter) -> Filter:
    return _junction("and", parts)


def or_(*parts: Filter) -> Filter:
    return _junction("or", parts)


def not_(part: Filter) -> Filter:
    if not isinstance(part, Filter):
        raise TypeError("'not' takes a Filter built with the odata helpers.")
    return Filter(lambda resolve, lists: f"not ({part.render(resolve, value_lists=lists)})")


# Characters a query may carry as they are (RFC 3986 sub-delimiters less "&", "=" and "+", with ":", "/" and "@"):
# OData's "$", quotes, parentheses and commas among them. A space is sent as "+", as HTML forms do.
QUERY_SAFE = "$'()*,;!:/@"


def encode_query(params: Mapping[str, str]) -> str:
    """Query parameters as a URL's query. Only what a query cannot carry is percent-encoded, so that a filter of
    hundreds of ids stays as long as it is and an HTTP client that checks every escape has few to check."""
    return urlencode(params, quote_via=quote_plus, safe=QUERY_SAFE)


def in_chunks(
    field: str, values: Iterable[object], most: int, budget: int | None = None, *, value_lists: bool = False
) -> Iterator[list[object]]:
    """``values`` in lists of at most ``most``, each list's ``in_`` filter staying within ``budget`` characters once
    URL-encoded (rendered as a value list with ``value_lists``): a service that caps its URL length takes as many
    values per request as fit."""
    term = "{}," if value_lists else f"{field} eq {{}} or "
    chunk: list[object] = []
    used = 0
    for value in values:
        cost = len(quote_plus(term.format(literal(value)), safe=QUERY_SAFE)) if budget is not None else 0
        full = len(chunk) == most or (budget is not None and used + cost > budget)
        if chunk and full:
            yield chunk
            chunk, used = [], 0
        chunk.append(value)
        used += cost
    if chunk:
        yield chunk


def in_(field: str, values: Iterable[object]) -> Filter:
    """``field`` equals one of ``values``: ``field in (…)`` where the service takes it, else an ``or`` of ``eq``,
    which every OData v4 service understands."""
    texts = [literal(value) for value in values]
    if not texts:
        raise ValueError(f"'{field}' in an empty list matches nothing; leave the filter out instead.")

    def render(resolve: Resolver, value_lists: bool) -> str:  # without a Filter per value (lists run to 100s)
        name = field_name(resolve(field))
        if len(texts) == 1:
            return f"{name} eq {texts[0]}"
        if value_lists:
            return f"{name} in ({','.join(texts)})"
        return "(" + " or ".join(f"{name} eq {text}" for text in texts) + ")"

    return Filter(render)


def select(fields: Iterable[str], resolve: Resolver = _same) -> str:
    """The ``$select`` value; duplicate names are sent once."""
    names = dict.fromkeys(field_name(resolve(name)) for name in fields)
    if not names:
        raise ValueError("$select needs at least one field.")
    return ",".join(names)


def orderby(fields: Iterable[str | tuple[str, str]], resolve: Resolver = _same) -> str:
    """The ``$orderby`` value from names or ``(name, "asc"|"desc")`` pairs."""
    terms = []
    for item in fields:
        name, direction = (item, "asc") if isinstance(item, str) else item
        if direction not in ("asc", "desc"):
            raise ValueError(f"Sort direction must be 'asc' or 'desc', not {direction!r}.")
        terms.append(f"{field_name(resolve(name))} {direction}")
    return ",".join(terms)


def query_options(
    fields: Iterable[str] | None = None,
    where: Filter | None = None,
    order: Iterable[str | tuple[str, str]] | None = None,
    resolve: Resolver = _same,
    *,
    value_lists: bool = False,
) -> dict[str, str]:
    """``$select``, ``$filter`` and ``$orderby`` query parameters; a filter must be a ``Filter``, never text.
    ``value_lists``: the service takes OData's ``in`` operator for a list of values."""
    if where is not None and not isinstance(where, Filter):
        raise TypeError("Build filters with connection_setup.clients.odata; text filters are refused.")
    params = {"$select": select(fields, resolve)} if fields else {}
    if where is not None:
        params["$filter"] = where.render(resolve, value_lists=value_lists)
    if order:
        params["$orderby"] = orderby(order, resolve)
    return params
