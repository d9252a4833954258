"""The one `$filter` shape synchronizations send with nearly every page: a list of values of one column,
``(col eq 'a' or col eq 'b' …)`` or ``col in ('a','b',…)``, a hundred values at a time, as strings or GUIDs.

The general parser spends a few microseconds on each of the list's three hundred tokens; one regular expression
recognises the whole list and another reads its values, for the tree the parser would have built. Anything else
(other operators or literals, keywords as names, mixed columns or spacing the pattern does not expect) returns
None and goes to the parser, so this never changes what a filter means.
"""

import re

from sandbox.odata.filter_tokens import KEYWORDS
from sandbox.odata.filter_tree import Compare, GuidText, Literal, Logical, Name, Node, ValueList

__all__ = ["value_list_tree"]

_LITERAL = (
    r"(?:'[^']*(?:''[^']*)*'|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-]))"
)
_LIST = re.compile(
    rf"\s*(\()?\s*([A-Za-z_]\w*)\s+(?i:eq)\s+{_LITERAL}(?:\s+(?i:or)\s+\2\s+(?i:eq)\s+{_LITERAL})*\s*(?(1)\))\s*"
)
_VALUE = re.compile(rf"\s+(?i:eq)\s+({_LITERAL})")
_IN_LIST = re.compile(rf"\s*([A-Za-z_]\w*)\s+(?i:in)\s*\(\s*{_LITERAL}(?:\s*,\s*{_LITERAL})*\s*\)\s*")
_LISTED = re.compile(_LITERAL)


def _value(text: str) -> str:
    return text[1:-1].replace("''", "'") if text[0] == "'" else GuidText(text.lower())


def _in_list_tree(source: str) -> Node | None:
    found = _IN_LIST.fullmatch(source)
    if found is None or found.group(1).lower() in KEYWORDS:
        return None
    values = _LISTED.findall(source, found.end(1))
    return Compare("in", Name(found.group(1)), ValueList(tuple(Literal(_value(text)) for text in values)))


def value_list_tree(source: str) -> Node | None:
    """The tree of ``source`` when it is one column compared with one or more string or GUID literals joined by
    ``or`` (in parentheses or not), or one column ``in`` a list of them, else None."""
    listed = _in_list_tree(source) if " in" in source.lower() else None
    if listed is not None:
        return listed
    found = _LIST.fullmatch(source)
    if found is None or found.group(2).lower() in KEYWORDS:
        return None
    name = found.group(2)
    terms = tuple(Compare("eq", Name(name), Literal(_value(text))) for text in _VALUE.findall(source, found.end(2)))
    return terms[0] if len(terms) == 1 else Logical("or", terms)
