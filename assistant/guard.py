"""The SQL guard: accept one read-only query over allowed tables, re-render it and wrap it in a row cap.

Every check works on the sqlglot AST and refuses on any doubt; the SQL that runs is rendered from the
validated AST, so the engine never sees text the guard did not understand.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, ParseError, SqlglotError, TokenError
from sqlglot.optimizer.scope import Scope, traverse_scope

from assistant.errors import GuardRefusal
from assistant.guard_columns import ColumnPolicy, check_columns
from assistant.guard_handoff import is_parse_shaped
from assistant.guard_limits import check_limits

CAPPED_ALIAS = "_capped"
# Dialects whose generator renders `SELECT * FROM (query) AS _capped LIMIT n` around the query's own render
# unchanged, so the cap is added to the one render as text (see capped_sql).
TEXT_CAP_DIALECTS: frozenset[str] = frozenset({"duckdb", "postgres"})

# Names that stay hidden whatever the caller allows: evaluation answers and engine catalogs.
RESERVED_PREFIXES: tuple[str, ...] = ("eval_", "duckdb_", "pg_", "sqlite_")
RESERVED_NAMES: frozenset[str] = frozenset({"information_schema", "pg_catalog", "sqlite_master"})

ALLOWED_FUNCTIONS: frozenset[type[exp.Expr]] = frozenset(
    {
        # aggregates
        exp.Count, exp.CountIf, exp.Sum, exp.Avg, exp.Min, exp.Max, exp.Median, exp.Quantile,
        exp.PercentileCont, exp.PercentileDisc, exp.ApproxQuantile, exp.ApproxDistinct, exp.Stddev,
        exp.StddevPop, exp.StddevSamp, exp.Variance, exp.VariancePop, exp.Corr, exp.AnyValue, exp.ArgMax,
        exp.ArgMin, exp.Mode, exp.GroupConcat, exp.LogicalAnd, exp.LogicalOr,
        # conditionals, casts and boolean connectors (sqlglot models AND/OR as functions)
        exp.And, exp.Or, exp.Cast, exp.TryCast, exp.Coalesce, exp.Nullif, exp.Case, exp.If, exp.Greatest,
        exp.Least, exp.Exists, exp.Collate, exp.Array,
        # dates and times
        exp.TimestampTrunc, exp.DateTrunc, exp.TimeToUnix, exp.Extract, exp.DateDiff, exp.DateAdd,
        exp.DateSub, exp.CurrentDate, exp.CurrentTimestamp, exp.Year, exp.Quarter, exp.Month, exp.Week,
        exp.Day, exp.DayOfWeek, exp.DayOfWeekIso, exp.DayOfMonth, exp.DayOfYear, exp.Dayname,
        exp.Monthname, exp.LastDay, exp.DateFromParts, exp.TimeToStr, exp.StrToTime,
        # numbers
        exp.Round, exp.Abs, exp.Floor, exp.Ceil, exp.Sign, exp.Sqrt, exp.Ln, exp.Log, exp.Exp, exp.Pow,
        # text
        exp.Lower, exp.Upper, exp.Length, exp.Concat, exp.ConcatWs, exp.Substring, exp.StrPosition,
        exp.Trim, exp.Left, exp.Right, exp.Replace, exp.SplitPart, exp.Contains, exp.StartsWith,
        exp.EndsWith, exp.RegexpLike,
        # window functions
        exp.RowNumber, exp.Rank, exp.DenseRank, exp.Lag, exp.Lead, exp.Ntile, exp.PercentRank,
        exp.CumeDist, exp.FirstValue, exp.LastValue, exp.NthValue,
    }
)  # fmt: skip

# What each dialect adds to the common list. Set-returning functions only on DuckDB, and only as a
# SELECT-list expression (see _check_set_returning); the compiler itself never needs them.
DIALECT_FUNCTIONS: dict[str, frozenset[type[exp.Expr]]] = {
    "duckdb": frozenset({exp.Explode, exp.GenerateSeries}),
    # Spark: date + n months; sqlglot reads DATEDIFF(unit, a, b) with TsOrDsToDate around its arguments.
    "spark": frozenset({exp.AddMonths, exp.TsOrDsToDate}),
}

# Functions sqlglot has no class for (it parses them as exp.Anonymous), per dialect.
ALLOWED_ANONYMOUS_FUNCTIONS: dict[str, frozenset[str]] = {
    "duckdb": frozenset({"date_part", "datepart", "date_sub", "now"}),
    "postgres": frozenset({"date_part", "now"}),
    "spark": frozenset({"date_part", "datepart", "now"}),
}

# The dialects the guard has a policy for; anything else is refused rather than guessed.
DIALECTS: frozenset[str] = frozenset(ALLOWED_ANONYMOUS_FUNCTIONS)

# Engine escape hatches, named so the refusal says why (the allow-lists refuse them anyway): file and
# network access, sleeping, session settings, large objects, reflection into the JVM.
ESCAPE_HATCH_FUNCTIONS: frozenset[str] = frozenset(
    {
        "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_stat_file", "pg_sleep", "pg_sleep_for",
        "pg_sleep_until", "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "current_setting",
        "set_config", "dblink", "dblink_exec", "lo_import", "lo_export", "lo_get", "lo_put", "lo_open",
        "lo_creat", "lo_create", "lo_unlink", "lo_from_bytea", "query_to_xml", "table_to_xml",
        "cursor_to_xml", "database_to_xml", "xpath", "txid_current", "pg_advisory_lock",
        "reflect", "java_method", "input_file_name", "input_file_block_start", "input_file_block_length",
        "read_files", "read_csv", "read_csv_auto", "read_parquet", "read_json", "read_text", "read_blob",
        "getenv", "assert_true", "raise_error",
    }
)  # fmt: skip

# Never legal inside a query; the statement check already refuses them at the top, this catches nesting.
FORBIDDEN_NODES: tuple[type[exp.Expr], ...] = (
    exp.Command, exp.DDL, exp.DML, exp.Create, exp.Drop, exp.Alter, exp.Insert, exp.Update, exp.Delete,
    exp.Merge, exp.Copy, exp.Attach, exp.Detach, exp.Pragma, exp.Set, exp.SetItem, exp.Install, exp.Use,
    exp.Transaction, exp.Commit, exp.Rollback, exp.Describe, exp.Show, exp.Summarize, exp.LoadData,
    exp.Refresh, exp.Cache, exp.Uncache, exp.Export, exp.Analyze, exp.TruncateTable, exp.Grant,
    exp.Revoke, exp.Comment, exp.Kill, exp.Into, exp.Placeholder, exp.Parameter, exp.SessionParameter,
    exp.Lateral, exp.Values, exp.Unnest, exp.Pivot, exp.Lock,
)  # fmt: skip

# A plain table reference may carry a name, an alias and (for a parenthesised join) joins, nothing else.
PLAIN_TABLE_ARGS: frozenset[str] = frozenset({"this", "alias", "joins"})
# A table the model declares as `schema.table` (or `catalog.schema.table`) is matched by its whole name.
QUALIFIED_TABLE_ARGS: frozenset[str] = PLAIN_TABLE_ARGS | {"db", "catalog"}

# Unicode categories Cc (C0, DEL, C1) and Cs (surrogates), except tab, newline and carriage return.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class GuardedSQL:
    """A query the guard accepted, ready to run."""

    sql: str  # the validated query re-rendered from the AST and wrapped with the row cap
    query_sql: str  # the validated query alone, re-rendered (pretty), for display
    tables: frozenset[str]  # base tables it reads (lower-case, `schema.table` when qualified)
    row_cap: int
    dialect: str = "duckdb"  # the dialect it was parsed and rendered in; an engine runs only its own

    @property
    def capped(self) -> bool:
        """Whether `sql` is exactly `query_sql` under the guard's row cap (`capped_sql`), so the statement itself
        returns at most `row_cap + 1` rows: an engine may then fetch the whole result in one call instead of
        page by page. False for SQL not in that form (the engine pages it up to the cap)."""
        return self.dialect in TEXT_CAP_DIALECTS and self.sql == capped_sql(self.query_sql, self.row_cap)


def guard_sql(
    sql: str,
    *,
    allowed_tables: Collection[str],
    row_cap: int,
    dialect: str = "duckdb",
    max_chars: int = 100_000,
    columns: ColumnPolicy | None = None,
) -> GuardedSQL:
    """Validate `sql` as one read-only query over `allowed_tables` (plain or `schema.table` names, as the
    semantic model declares them); raise GuardRefusal otherwise.

    `columns` (from `guard_columns.column_policy(model)`) adds the column policy: every column resolved to a
    declared table column, no `*`/whole-row/positional access, personal data and free text never output.

    Accepted verdicts are kept in a bounded LRU keyed by every input (the column policy by identity, held by
    the entry so its id cannot be reused); a repeated question skips the parse, the checks and the renders."""
    key, allowed, cached = _kept_verdict(sql, allowed_tables, row_cap, dialect, max_chars, columns)
    if cached is not None:
        return cached
    guarded = _guard(sql, allowed=allowed, row_cap=row_cap, dialect=dialect, max_chars=max_chars, columns=columns)
    _VERDICTS.put(key, columns, guarded)
    return guarded


def _kept_verdict(
    sql: str, allowed_tables: Collection[str], row_cap: int, dialect: str, max_chars: int, columns: ColumnPolicy | None
) -> tuple[tuple[object, ...], frozenset[str], GuardedSQL | None]:
    """The arguments checked; the key of the kept verdicts, the allowed tables, and the verdict kept, if any."""
    if row_cap < 1:
        raise ValueError(f"row_cap must be at least 1, got {row_cap}")
    if dialect not in DIALECTS:
        raise GuardRefusal(f"No SQL policy for the dialect '{dialect}'; known: {', '.join(sorted(DIALECTS))}.")
    allowed = frozenset(name.lower() for name in allowed_tables if not _is_reserved(name))
    key = (sql, dialect, allowed, row_cap, max_chars, id(columns))
    return key, allowed, _VERDICTS.get(key, columns)


class _VerdictCache:
    """A thread-safe LRU of accepted queries; refusals are not kept (each is checked afresh)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[object, ...], tuple[ColumnPolicy | None, GuardedSQL]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...], columns: ColumnPolicy | None) -> GuardedSQL | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] is not columns:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: tuple[object, ...], columns: ColumnPolicy | None, guarded: GuardedSQL) -> None:
        with self._lock:
            self._entries[key] = (columns, guarded)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_VERDICTS = _VerdictCache(512)


def clear_guard_cache() -> None:
    """Forget the kept verdicts (benchmarks measuring the cold path; tests)."""
    _VERDICTS.clear()


def guard_tree(
    tree: exp.Expr,
    sql: str,
    *,
    allowed_tables: Collection[str],
    row_cap: int,
    dialect: str = "duckdb",
    max_chars: int = 100_000,
    columns: ColumnPolicy | None = None,
) -> GuardedSQL:
    """`guard_sql` for a query the compiler built: check its tree as it is instead of parsing `sql`, its rendering.

    `sql` must be the compiler's rendering of `tree`. The tree is checked as it stands only when it has the form the
    parser gives for its own rendering (guard_handoff); otherwise `sql` is guarded as text, as by `guard_sql`.
    Either way what runs is what was checked: the SQL is rendered from the validated tree. The guard takes the tree
    over (its one render may rewrite it in place). `sql` is also the key of the kept verdicts: a verdict is kept
    under it only when the guard's render of the validated tree is that same text, so a later `guard_sql(sql)`
    finds what checking its parse gives (tests/test_guard_handoff.py)."""
    key, allowed, cached = _kept_verdict(sql, allowed_tables, row_cap, dialect, max_chars, columns)
    if cached is not None:
        return cached
    _check_text(sql, max_chars)  # the text's length, as guard_sql checks it (the render is checked too)
    if not isinstance(tree, exp.Query):
        raise GuardRefusal(
            f"Only read-only queries (SELECT, UNION, INTERSECT, EXCEPT) are allowed; this statement is {_describe(tree)}."
        )
    if not is_parse_shaped(tree, dialect):  # not the parser's form: check and run the text instead
        return guard_sql(sql, allowed_tables=allowed_tables, row_cap=row_cap, dialect=dialect, max_chars=max_chars,
                         columns=columns)  # fmt: skip
    guarded = _checked(tree, allowed=allowed, row_cap=row_cap, dialect=dialect, max_chars=max_chars, columns=columns)
    if guarded.query_sql == sql:
        _VERDICTS.put(key, columns, guarded)
    return guarded


def _guard(
    sql: str, *, allowed: frozenset[str], row_cap: int, dialect: str, max_chars: int, columns: ColumnPolicy | None
) -> GuardedSQL:
    _check_text(sql, max_chars)
    try:
        query = _parse_single_query(sql, dialect)
    except RecursionError:
        raise GuardRefusal("The SQL is nested too deeply to check.") from None
    except SqlglotError as error:
        raise GuardRefusal(_parse_error_reason(error)) from None
    return _checked(query, allowed=allowed, row_cap=row_cap, dialect=dialect, max_chars=None, columns=columns)


def _checked(
    query: exp.Query,
    *,
    allowed: frozenset[str],
    row_cap: int,
    dialect: str,
    max_chars: int | None,
    columns: ColumnPolicy | None,
) -> GuardedSQL:
    """Check a parsed (or parse-shaped) query and render it; `max_chars` bounds the render (a tree has no text)."""
    try:
        checks: tuple[Callable[[Sequence[exp.Expr]], None], ...] = (
            _check_sources,
            _check_nodes,
            _check_functions(dialect),
            _check_set_returning,
            check_limits,
            _check_cte_names(allowed),
        )
        # Every node once, breadth first (the order find_all gives): each check filters this list instead of
        # walking the tree again. Nothing mutates the tree until the render.
        nodes = list(query.walk())
        for check in checks:
            check(nodes)
        scopes = traverse_scope(query)  # the table and column checks share one scope analysis (nothing mutates)
        tables = _check_tables(nodes, allowed, scopes)
        if columns is not None:
            check_columns(query, columns, dialect, scopes=scopes)
        if dialect in TEXT_CAP_DIALECTS:
            # One render of the validated tree, shown as is and run inside the row cap. It may rewrite the tree in
            # place instead of a copy (the generator's dialect transforms do): nothing reads the tree afterwards.
            query_sql = _render(query, dialect, pretty=True, copy=False)
            if max_chars is not None:
                _check_text(query_sql, max_chars)
            sql = capped_sql(query_sql, row_cap)
        else:
            # The generator rewrites the wrapped statement (Spark hoists a subquery's WITH to the top), so the cap
            # is built as a tree and rendered (in place: sqlglot's builders would deep-copy the tree by default;
            # the limit is a literal node, since an int would be parsed as SQL text).
            query_sql = _render(query, dialect, pretty=True)
            if max_chars is not None:
                _check_text(query_sql, max_chars)
            capped = exp.Select(expressions=[exp.Star()]).from_(query.subquery(CAPPED_ALIAS, copy=False), copy=False)
            capped = capped.limit(exp.Literal.number(row_cap + 1), copy=False)
            sql = _render(capped, dialect, pretty=False, copy=False)
        return GuardedSQL(
            sql=sql,
            query_sql=query_sql,
            tables=tables,
            row_cap=row_cap,
            dialect=dialect,
        )
    except RecursionError:
        raise GuardRefusal("The SQL is nested too deeply to check.") from None
    except SqlglotError as error:
        raise GuardRefusal(_parse_error_reason(error)) from None


def capped_sql(query_sql: str, row_cap: int) -> str:
    """The rendered query as a subquery under `LIMIT row_cap + 1` (the extra row tells that more exist).

    The same statement sqlglot renders for `SELECT * FROM (query) AS _capped LIMIT n` in TEXT_CAP_DIALECTS
    (tests/test_guard_render.py compares the trees), without rendering the query a second time: the only text
    added is this fixed frame and an integer."""
    return f"SELECT * FROM (\n{query_sql}\n) AS {CAPPED_ALIAS} LIMIT {int(row_cap) + 1:d}"


def _render(tree: exp.Expr, dialect: str, *, pretty: bool, copy: bool = True) -> str:
    # Raise rather than silently drop syntax the dialect cannot express (sqlglot's default only warns).
    return str(tree.sql(dialect=dialect, pretty=pretty, comments=False, unsupported_level=ErrorLevel.RAISE, copy=copy))


def _check_text(sql: str, max_chars: int) -> None:
    if not sql.strip():
        raise GuardRefusal("The SQL is empty.")
    if len(sql) > max_chars:
        raise GuardRefusal(f"The SQL is {len(sql):,} characters long; the limit is {max_chars:,}.")
    found = _CONTROL_CHARS.search(sql)
    if found:
        raise GuardRefusal(f"The SQL contains a control or binary character (U+{ord(found.group()):04X}).")


def _parse_single_query(sql: str, dialect: str) -> exp.Query:
    try:
        parsed = sqlglot.parse(sql, read=dialect)
    except (SqlglotError, RecursionError):
        raise
    except Exception as error:  # the compiled parser (sqlglotc) can fail with TypeError/ValueError on garbage
        raise GuardRefusal(f"The SQL could not be parsed ({type(error).__name__}).") from None
    statements = [statement for statement in parsed if statement is not None]
    if not statements:
        raise GuardRefusal("The SQL contains no statement.")
    if len(statements) > 1:
        raise GuardRefusal(f"Exactly one statement is allowed; found {len(statements)}.")
    statement = statements[0]
    if not isinstance(statement, exp.Query):
        raise GuardRefusal(
            f"Only read-only queries (SELECT, UNION, INTERSECT, EXCEPT) are allowed; "
            f"this statement is {_describe(statement)}."
        )
    return statement


def _check_nodes(nodes: Sequence[exp.Expr]) -> None:
    for node in nodes:
        if isinstance(node, FORBIDDEN_NODES):
            raise GuardRefusal(f"{_describe(node)} is not allowed inside a query.")
        if isinstance(node, exp.Select) and node.args.get("into"):
            raise GuardRefusal("SELECT ... INTO is not allowed; queries may not create tables.")
        if isinstance(node, exp.With) and node.args.get("recursive"):
            raise GuardRefusal("WITH RECURSIVE is not allowed.")


def _check_sources(nodes: Sequence[exp.Expr]) -> None:
    """FROM and JOIN may name tables and subqueries only (table functions: see _check_functions)."""
    for node in _of_type(nodes, exp.From, exp.Join):
        source = node.this
        inner = source.this if isinstance(source, exp.Subquery) else source
        if not isinstance(inner, (exp.Table, exp.Query)):
            raise GuardRefusal(f"Only tables and subqueries may appear in FROM and JOIN; found {_describe(inner)}.")


def _check_functions(dialect: str) -> Callable[[Sequence[exp.Expr]], None]:
    classes = ALLOWED_FUNCTIONS | DIALECT_FUNCTIONS.get(dialect, frozenset())
    anonymous = ALLOWED_ANONYMOUS_FUNCTIONS[dialect]

    def check(nodes: Sequence[exp.Expr]) -> None:
        for node in _of_type(nodes, exp.Func):
            name = _function_name(node)
            if isinstance(node.parent, exp.Table):
                raise GuardRefusal(f"Table function '{name}' is not allowed; only tables may be read.")
            if name in ESCAPE_HATCH_FUNCTIONS or name.startswith(("pg_", "lo_")):
                raise GuardRefusal(f"Function '{name}' reaches outside the data and is never allowed.")
            if isinstance(node, (exp.Anonymous, exp.AnonymousAggFunc)):
                allowed = node.name.lower() in anonymous
            else:
                allowed = type(node) in classes
            if not allowed:
                raise GuardRefusal(f"Function '{name}' is not allowed.")

    return check


def _check_set_returning(nodes: Sequence[exp.Expr]) -> None:
    """unnest/generate_series are fine as a projection but would turn into a row source elsewhere."""
    for node in _of_type(nodes, exp.Explode, exp.GenerateSeries):
        child: exp.Expr = node
        while child.parent is not None and not isinstance(child.parent, exp.Select):
            child = child.parent
        if child.parent is None or child.arg_key != "expressions":
            raise GuardRefusal(
                f"Function '{_function_name(node)}' may only be used in the SELECT list, not as a row source."
            )


def _check_cte_names(allowed: frozenset[str]) -> Callable[[Sequence[exp.Expr]], None]:
    def check(nodes: Sequence[exp.Expr]) -> None:
        for with_ in _of_type(nodes, exp.With):
            names = [cte.alias_or_name.lower() for cte in with_.expressions]
            for name in names:
                if name in allowed:
                    raise GuardRefusal(f"The CTE name '{name}' would shadow the table of the same name.")
                if _is_reserved(name):
                    raise GuardRefusal(f"The CTE name '{name}' is reserved.")
                if names.count(name) > 1:
                    raise GuardRefusal(f"The CTE name '{name}' is defined more than once.")

    return check


def _check_tables(nodes: Sequence[exp.Expr], allowed: frozenset[str], scopes: Sequence[Scope]) -> frozenset[str]:
    """Check every table reference that is not a CTE in scope; return the base tables read."""
    cte_references: set[int] = set()
    for scope in scopes:
        for table in scope.tables:
            # Resolve by the referenced name, not the alias: `FROM x AS y, y` must not make `y` a CTE.
            if not table.args.get("db") and table.name in scope.cte_sources:
                cte_references.add(id(table))
    tables: set[str] = set()
    for table in _of_type(nodes, exp.Table):
        if id(table) not in cte_references:
            tables.add(_check_table(table, allowed))
    return frozenset(tables)


def _check_table(table: exp.Table, allowed: frozenset[str]) -> str:
    parts = table.parts
    if not all(isinstance(part, exp.Identifier) for part in parts):
        raise GuardRefusal(f"The table reference {_describe(table)} is not a plain table name.")
    label = ".".join(part.name for part in parts)
    if any(_is_reserved(part.name) for part in parts):
        raise GuardRefusal(f"Table '{label}' is not available.")
    unexpected = sorted(key for key, value in table.args.items() if value and key not in QUALIFIED_TABLE_ARGS)
    if unexpected:
        raise GuardRefusal(f"Table '{label}' uses unsupported syntax ({', '.join(unexpected)}).")
    name = label.lower()
    if name not in allowed:
        qualified = len(parts) > 1
        hint = f" (write '{table.name}')" if qualified and table.name.lower() in allowed else ""
        raise GuardRefusal(
            f"Table '{label}' is not available{hint}; allowed tables: {', '.join(sorted(allowed)) or 'none'}."
        )
    return name


def _of_type(nodes: Sequence[exp.Expr], *kinds: type[exp.Expr]) -> Iterator[Any]:
    """The nodes of these types, in the list's order (`find_all` over the walked list)."""
    return (node for node in nodes if isinstance(node, kinds))


def _is_reserved(name: str) -> bool:
    lowered = name.lower()
    return lowered in RESERVED_NAMES or lowered.startswith(RESERVED_PREFIXES)


def _function_name(node: exp.Func) -> str:
    if isinstance(node, (exp.Anonymous, exp.AnonymousAggFunc)):
        return node.name.lower()
    return str(node.sql_name()).lower()


def _describe(node: exp.Expr | None) -> str:
    if node is None:
        return "nothing"
    if isinstance(node, exp.Command):
        return str(node.this).upper()
    if isinstance(node, (exp.Column, exp.Table)):
        return f"'{node.sql()[:60]}'"
    if isinstance(node, exp.Lock):
        return "FOR UPDATE" if node.args.get("update") else "FOR SHARE"
    return "TRUNCATE" if isinstance(node, exp.TruncateTable) else node.key.upper()


def _parse_error_reason(error: SqlglotError) -> str:
    if isinstance(error, ParseError) and error.errors:
        first = error.errors[0]
        return (
            f"The SQL could not be parsed: unexpected {first.get('highlight', '')!r} "
            f"at line {first.get('line')}, column {first.get('col')}."
        )
    if isinstance(error, TokenError):
        return "The SQL could not be parsed: an unterminated string, quoted name or comment."
    detail = str(error).strip().splitlines()[0].rstrip(".") if str(error).strip() else type(error).__name__
    return f"The SQL could not be analysed: {detail}."
