"""The one `$filter` shape synchronizations send with nearly every page: a list of values of one column,
``(col eq 'a' or col eq 'b' …)``, a hundred terms at a time, as strings or GUIDs.

The general parser spends a few microseconds on each of the list's three hundred tokens; one regular expression
recognises the whole list and another reads its values, for the tree the parser would have built. Anything else
(other operators or literals, keywords as names, mixed columns or spacing the pattern does not expect) returns
None and goes to the parser, so this never changes what a filter means.
"""

import re

from sandbox.odata.filter_tokens import KEYWORDS
from sandbox.odata.filter_tree import Compare, Literal, Logical, Name, Node

__all__ = ["value_list_tree"]

_LITERAL = (
    r"(?:'[^']*(?:''[^']*)*'|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-]))"
)
_LIST = re.compile(
    rf"\s*(\()?\s*([A-Za-z_]\w*)\s+(?i:eq)\s+{_LITERAL}(?:\s+(?i:or)\s+\2\s+(?i:eq)\s+{_LITERAL})*\s*(?(1)\))\s*"
)
_VALUE = re.compile(rf"\s+(?i:eq)\s+({_LITERAL})")


def _value(text: str) -> str:
    return text[1:-1].replace("''", "'") if text[0] == "'" else text.lower()


def value_list_tree(source: str) -> Node | None:
    """The tree of ``source`` when it is one column compared with one or more string or GUID literals joined by
    ``or`` (in parentheses or not), else None."""
    found = _LIST.fullmatch(source)
    if found is None or found.group(2).lower() in KEYWORDS:
        return None
    name = found.group(2)
    terms = tuple(Compare("eq", Name(name), Literal(_value(text))) for text in _VALUE.findall(source, found.end(2)))
    return terms[0] if len(terms) == 1 else Logical("or", terms)
