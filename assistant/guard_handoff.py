"""Which compiler trees the guard may check as they are, instead of parsing their text ("hand-off").

The compiler builds its query as a sqlglot tree and used to render it for the guard to parse again. Checking
the tree itself skips that parse, but a tree built in code can hold what no parse produces: an identifier or
number literal with SQL in its text, a node under two parents (a check would see it where it is not), operators
nested against their precedence without parentheses, a query where no parenthesis is rendered. Checking such a
tree would not be checking the SQL that runs. `is_parse_shaped` accepts a tree only when every node is in the
form the parser gives for the tree's own rendering, so the checks on it see what parsing the SQL would give;
anything else (an unknown node with a text argument, an operator this module does not rank) answers False and
the guard renders the tree and takes the text path, as for any SQL (tests/test_guard_handoff.py compares both
paths over the dev set's compiled queries and every hostile suite).
"""

from __future__ import annotations

import re
from functools import cache

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_NUMBER = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

# Text arguments the parser sets (keywords it read), by node type and argument.
_KEYWORD_ARGS: dict[tuple[type[exp.Expr], str], frozenset[str]] = {
    (exp.Join, "side"): frozenset({"LEFT", "RIGHT", "FULL"}),
    (exp.Join, "kind"): frozenset({"INNER", "OUTER", "CROSS"}),
    (exp.WindowSpec, "kind"): frozenset({"ROWS", "RANGE"}),
    (exp.WindowSpec, "start"): frozenset({"UNBOUNDED", "CURRENT ROW"}),
    (exp.WindowSpec, "start_side"): frozenset({"PRECEDING", "FOLLOWING"}),
    (exp.WindowSpec, "end"): frozenset({"UNBOUNDED", "CURRENT ROW"}),
    (exp.WindowSpec, "end_side"): frozenset({"PRECEDING", "FOLLOWING"}),
    (exp.Window, "over"): frozenset({"OVER"}),
}

# How tightly each operator binds, as sqlglot's parser ranks them (higher binds tighter). A binary operator's
# operand that is itself an operator must bind tighter than it, or as tight on the left (all are left-associative);
# a looser one needs a Paren node, which the parser would have made.
_PRECEDENCE: dict[type[exp.Expr], int] = {
    exp.Or: 1,
    exp.And: 2,
    exp.Not: 3,
    exp.EQ: 4, exp.NEQ: 4, exp.NullSafeEQ: 4, exp.NullSafeNEQ: 4,
    exp.GT: 5, exp.GTE: 5, exp.LT: 5, exp.LTE: 5,
    exp.Is: 6, exp.In: 6, exp.Like: 6, exp.ILike: 6, exp.Between: 6,
    exp.DPipe: 7,
    exp.Add: 8, exp.Sub: 8,
    exp.Mul: 9, exp.Div: 9, exp.Mod: 9, exp.IntDiv: 9,
    exp.Neg: 10,
}  # fmt: skip
# Operands the parser reads at a fixed level: NOT reads a comparison, a minus sign a factor's operand, the range
# operators (IS, IN, LIKE, BETWEEN) read theirs at the concatenation level.
_OPERAND_FLOOR: dict[type[exp.Expr], int] = {
    exp.Not: 4,
    exp.Neg: 10,
    exp.Is: 7,
    exp.In: 7,
    exp.Like: 7,
    exp.ILike: 7,
    exp.Between: 7,
}
# Where a query may stand: the renderer puts parentheses around it there (or it is a set operation's side).
_QUERY_PARENTS: tuple[type[exp.Expr], ...] = (exp.Subquery, exp.CTE, exp.SetOperation, exp.Exists)


@cache
def _keywords(dialect: str) -> frozenset[str]:
    """Words an unquoted identifier may not be: the dialect's keywords except those its parser reads as a name
    anywhere a table alias may stand (`text`, `time`, `comment`...); the renderer quotes reserved words itself."""
    dialect_ = Dialect.get_or_raise(dialect)
    names = dialect_.parser_class.TABLE_ALIAS_TOKENS & dialect_.parser_class.ID_VAR_TOKENS
    return frozenset(word.upper() for word, token in dialect_.tokenizer_class.KEYWORDS.items() if token not in names)


def is_parse_shaped(tree: exp.Expr, dialect: str) -> bool:
    """True when `tree` is a query whose every node has the form the parser gives for the tree's rendering in
    `dialect` (see the module doc); False means "render and parse it", never "refused"."""
    if not isinstance(tree, exp.Query) or tree.parent is not None:
        return False
    keywords = _keywords(dialect)
    seen: set[int] = set()
    stack: list[exp.Expr] = [tree]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return False
        seen.add(id(node))
        kind = type(node)
        if kind is exp.Identifier:
            if not _identifier_ok(node, keywords):
                return False
            continue
        if kind is exp.Literal:
            if not _literal_ok(node):
                return False
            continue
        if kind is exp.Var:
            if not (isinstance(node.this, str) and _WORD.match(node.this)):
                return False
            continue
        if not _node_ok(node, kind, tree):
            return False
        for key, value in node.args.items():
            if value is None or value is True or value is False:
                continue
            if isinstance(value, exp.Expr):
                if value.parent is not node or value.arg_key != key:
                    return False
                stack.append(value)
            elif isinstance(value, list):
                for index, child in enumerate(value):
                    if not isinstance(child, exp.Expr) or child.parent is not node or child.arg_key != key:
                        return False
                    if child.index is not None and child.index != index:
                        return False
                    stack.append(child)
            elif isinstance(value, str):
                if not _text_ok(node, kind, key, value):
                    return False
            elif not (kind is exp.DataType and key == "this"):
                return False
    return True


def _node_ok(node: exp.Expr, kind: type[exp.Expr], root: exp.Expr) -> bool:
    """The rules for one inner node: plain data types, delimited queries, ranked operators, ORDER BY items."""
    if kind is exp.DataType:
        return isinstance(node.this, exp.DType) and node.this is not exp.DType.USERDEFINED
    if isinstance(node, exp.Query) and kind is not exp.Subquery and node is not root:
        # A query inside another renders in parentheses (or as a set operation's side) only under these parents.
        parent = node.parent
        return isinstance(parent, _QUERY_PARENTS) or (isinstance(parent, exp.In) and node.arg_key == "query")
    if kind in _PRECEDENCE:
        return _operands_ok(node, kind)
    if kind is exp.Order:
        return all(type(item) is exp.Ordered for item in node.expressions)  # the parser wraps each item
    if isinstance(node, (exp.Binary, exp.Unary, exp.Predicate)):
        return _ranked_elsewhere(node)
    return True


def _identifier_ok(node: exp.Expr, keywords: frozenset[str]) -> bool:
    text = node.this
    if not isinstance(text, str) or not text or _CONTROL.search(text):
        return False
    if node.args.get("quoted"):
        return True  # the renderer doubles the quote character inside a quoted name
    return bool(_WORD.match(text)) and text.upper() not in keywords


def _literal_ok(node: exp.Expr) -> bool:
    text = node.this
    if not isinstance(text, str):
        return False
    if node.args.get("is_string"):
        return not _CONTROL.search(text)  # the renderer escapes quotes; the text path refuses control characters
    return bool(_NUMBER.match(text))


def _text_ok(node: exp.Expr, kind: type[exp.Expr], key: str, value: str) -> bool:
    if kind is exp.Anonymous and key == "this":
        return bool(_WORD.match(value))
    allowed = _KEYWORD_ARGS.get((kind, key))
    return allowed is not None and value.upper() in allowed


def _operands_ok(node: exp.Expr, kind: type[exp.Expr]) -> bool:
    rank = _PRECEDENCE[kind]
    floor = _OPERAND_FLOOR.get(kind)
    for key in ("this", "expression", "low", "high"):
        child = node.args.get(key)
        if not isinstance(child, exp.Expr):
            continue
        child_rank = _PRECEDENCE.get(type(child))
        if child_rank is None:
            if isinstance(child, (exp.Binary, exp.Unary, exp.Predicate)) and not _ranked_elsewhere(child):
                return False  # an operator this table does not rank: let the parser decide
            continue
        if floor is not None:
            if child_rank < floor and not (kind is exp.Not and type(child) is exp.Not):
                return False
        elif child_rank < rank or (key != "this" and child_rank == rank):
            return False
    return True


def _ranked_elsewhere(node: exp.Expr) -> bool:
    """Nodes sqlglot classes as operators that render self-delimited: in function-call syntax (a function that is
    not also a binary operator, which some dialects render infix), parentheses, or as a name or a list item."""
    if isinstance(node, exp.Func):
        return not isinstance(node, exp.Binary)
    return isinstance(node, (exp.Paren, exp.Alias, exp.Distinct, exp.Ordered, exp.Column))
