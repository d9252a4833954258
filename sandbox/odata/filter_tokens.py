"""The tokens of a `$filter`: one compiled pattern run over the whole text, so that Python touches each token once.

Names that are keywords (``and``, ``eq``, ``null`` …) are recognised without regard to case, and only as whole
words: ``nullable`` and ``allowUpdatingDefaults`` stay column names.
"""

import re

from sandbox.odata.errors import ODataQueryError

__all__ = ["KEYWORDS", "FilterSyntaxError", "tokenize"]

_TOKEN = re.compile(
    r"""\s*(?:(?P<string>'[^']*(?:''[^']*)*')
    |(?P<typed>(?:duration|geography|geometry|binary)'[^']*(?:''[^']*)*')
    |(?P<guid>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![\w-])
    |(?P<datetime>\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)?)
    |(?P<date>\d{4}-\d\d-\d\d)
    |(?P<time>\d\d:\d\d(?::\d\d(?:\.\d+)?)?)
    |(?P<number>[+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?)
    |(?P<name>[a-z_]\w*(?:\.\w+)*)
    |(?P<punct>[(),/:-])
    |(?P<end>\Z)
    |(?P<bad>.))""",
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)
KEYWORDS = frozenset(
    {"and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le", "in", "true", "false", "null", "has"}
    | {"add", "sub", "mul", "div", "mod"}
)


class FilterSyntaxError(ODataQueryError):
    """A `$filter` that does not follow the grammar; the message quotes the filter and names the position."""

    def __init__(self, detail: str, source: str) -> None:
        super().__init__(f"Syntax error in $filter '{source}': {detail}.")


def tokenize(source: str) -> tuple[list[str], list[str], list[int]]:
    """The kinds, texts and positions of the tokens, ending with an ``end`` token. A keyword or punctuation is its
    own kind (lower case), anything else its class; the pattern itself skips the spaces between tokens."""
    kinds, texts, positions = [], [], []
    for match in _TOKEN.finditer(source):
        kind = match.lastgroup
        text, position = match.group(kind), match.start(kind)
        if kind == "name":
            folded = text.lower()
            kind = folded if folded in KEYWORDS else kind
        elif kind == "punct":
            kind = text
        elif kind == "bad":
            if text == "'":
                raise FilterSyntaxError(f"the string that starts at position {position} is not closed", source)
            raise FilterSyntaxError(f"unexpected character '{text}' at position {position}", source)
        kinds.append(kind)
        texts.append(text)
        positions.append(position)
        if kind == "end":
            break
    return kinds, texts, positions
