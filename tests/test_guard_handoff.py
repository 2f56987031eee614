"""The compiler's tree handed to the guard (guard_tree) gets exactly the verdict its text would (guard_sql).

- every query the compiler writes for the dev set and the model's verified queries, in each dialect: the tree is
  checked as it stands (no parse) and the GuardedSQL — the SQL that runs, the SQL shown, the tables — is the
  one the text path gives;
- every statement of the guard's hostile and valid suites, parsed and handed over as a tree: the same verdict
  (the same GuardedSQL, or a refusal with the same reason) as its text;
- trees no parse produces (SQL hidden in a name or a number, a node under two parents, operators nested against
  their precedence without parentheses, a query where no parenthesis is rendered, a keyword argument with SQL
  in it) are not checked as they stand: the guard checks their rendering as text, so what is checked is what
  runs, and the verdict is the text's.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp

from assistant.contracts import detect_language
from assistant.errors import GuardRefusal
from assistant.evaluation import load_eval_set
from assistant.guard import GuardedSQL, clear_guard_cache, guard_sql, guard_tree
from assistant.guard_columns import ColumnPolicy, column_policy
from assistant.guard_handoff import is_parse_shaped
from assistant.pipeline import ranking_query
from assistant.planner import plan_question
from semantic_layer import DEMO_MODEL_PATH, SemanticQuery, compile_query, load_model
from tests.test_guard import HOSTILE, VALID
from tests.test_guard_columns import BAD, GOOD
from tests.test_guard_dialects import POSTGRES_HOSTILE, SPARK_HOSTILE
from tests.test_guard_limits import REFUSED
from tests.test_guard_resolve import TRICKY

AS_OF = date(2026, 11, 22)
MODEL = load_model(DEMO_MODEL_PATH, as_of=AS_OF)
POLICY = column_policy(MODEL)
DIALECTS = ("duckdb", "postgres", "spark")
DEV_SET = Path(__file__).parent / "eval" / "dev_set.yml"
SUITES = [sql for sql, _ in HOSTILE] + VALID + [sql for sql, _ in BAD] + GOOD + [sql for sql, _ in REFUSED] + TRICKY

Verdict = tuple[str, object]


def _text_verdict(sql: str, dialect: str, policy: ColumnPolicy | None) -> Verdict:
    clear_guard_cache()
    try:
        return "accepted", guard_sql(sql, allowed_tables=MODEL.tables(), row_cap=100, dialect=dialect, columns=policy)
    except GuardRefusal as refusal:
        return "refused", refusal.reason
    finally:
        clear_guard_cache()


def _tree_verdict(tree: exp.Expr, sql: str, dialect: str, policy: ColumnPolicy | None) -> Verdict:
    clear_guard_cache()
    try:
        guarded = guard_tree(tree, sql, allowed_tables=MODEL.tables(), row_cap=100, dialect=dialect, columns=policy)
        return "accepted", guarded
    except GuardRefusal as refusal:
        return "refused", refusal.reason
    finally:
        clear_guard_cache()


@cache
def _compiled(dialect: str) -> list[tuple[SemanticQuery, str]]:
    """(query, SQL) of every dev-set question the offline planner answers, and of every verified query."""
    queries = []
    for item in load_eval_set(DEV_SET).items:
        if item.history:
            continue
        plan = plan_question(item.question, [], MODEL, AS_OF, detect_language(item.question))
        if plan.status == "ok" and plan.query is not None:
            queries.append(ranking_query(plan.query) or plan.query)
    queries += [verified.query for verified in MODEL.verified_queries]
    return [(query, compile_query(MODEL, query, as_of=AS_OF, dialect=dialect).sql) for query in queries]


def _fresh_tree(query: SemanticQuery, dialect: str) -> exp.Expr:
    return compile_query(MODEL, query, as_of=AS_OF, dialect=dialect).expression


@pytest.mark.parametrize("dialect", DIALECTS)
def test_the_compilers_trees_are_checked_as_they_stand_with_the_texts_verdict(dialect: str) -> None:
    compiled = _compiled(dialect)
    assert len(compiled) > 100
    for query, sql in compiled:
        policy = POLICY.for_themes() if query.kind == "themes" else POLICY
        tree = _fresh_tree(query, dialect)
        assert is_parse_shaped(tree, dialect), sql  # the hand-off is taken: no parse
        text = _text_verdict(sql, dialect, policy)
        assert text[0] == "accepted", sql
        verdict = _tree_verdict(tree, sql, dialect, policy)
        assert verdict[0] == "accepted", sql
        assert _same_query(verdict[1], text[1], dialect), sql


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_suite_statement_handed_over_as_a_tree_gets_the_texts_verdict(dialect: str) -> None:
    checked = 0
    for sql in SUITES + POSTGRES_HOSTILE + SPARK_HOSTILE:
        try:
            trees = sqlglot.parse(sql, read=dialect)
        except Exception:
            continue
        if len(trees) != 1 or trees[0] is None:
            continue
        for policy in (POLICY, POLICY.for_themes(), None):
            tree = trees[0].copy()
            assert _tree_verdict(tree, sql, dialect, policy) == _text_verdict(sql, dialect, policy), sql
        checked += 1
    assert checked > 200


def _same_query(tree_path: object, text_path: object, dialect: str) -> bool:
    """The same tables and cap, and SQL that reads back as the same tree. The text may differ in layout only where
    the dialect's renderer writes a node as another (DuckDB's date + n months as `+ INTERVAL (n) MONTH`, whose
    parse renders over three lines; Postgres's date difference as EXTRACT(epoch ...), read back as EPOCH)."""
    assert isinstance(tree_path, GuardedSQL) and isinstance(text_path, GuardedSQL)
    if (tree_path.tables, tree_path.row_cap, tree_path.dialect) != (
        text_path.tables,
        text_path.row_cap,
        text_path.dialect,
    ):
        return False
    if tree_path.sql == text_path.sql:
        return True
    return sqlglot.parse_one(tree_path.sql, read=dialect) == sqlglot.parse_one(text_path.sql, read=dialect)


def _customers(*projections: exp.Expr) -> exp.Select:
    return exp.Select(expressions=list(projections)).from_("customers", copy=False)


def _id(name: str, quoted: bool = False) -> exp.Identifier:
    return exp.Identifier(this=name, quoted=quoted)


def _col(name: str) -> exp.Column:
    return exp.Column(this=_id(name))


def _shared_email() -> exp.Expr:
    """`email` placed under COUNT and in the SELECT list: one node, two places; its parent says COUNT."""
    email = _col("email")
    select = _customers(exp.alias_(exp.Count(this=email), "n"))
    select.args["expressions"].append(email)  # no set_parent: the node keeps COUNT as its parent
    return select


def _unparenthesised_or() -> exp.Expr:
    # WHERE NOT (status = 'churned' OR region = 'East') built without the Paren: renders NOT a OR b.
    condition = exp.Or(
        this=exp.EQ(this=_col("status"), expression=exp.Literal.string("churned")),
        expression=exp.EQ(this=_col("region"), expression=exp.Literal.string("East")),
    )
    return _customers(_col("region")).where(exp.Not(this=condition), copy=False)


FORGED: list[tuple[str, exp.Expr]] = [
    ("SQL in an unquoted name", _customers(exp.Column(this=_id("region FROM customers UNION SELECT email")))),
    ("a keyword as a name", _customers(exp.Column(this=_id("from")))),
    ("a dotted name", exp.Select(expressions=[_col("region")]).from_(exp.Table(this=_id("x.customers")), copy=False)),
    ("SQL in a number", _customers(exp.Literal(this="1 AS n, email", is_string=False))),
    ("SQL in a variable", _customers(exp.Extract(this=exp.Var(this="email) || (email"), expression=_col("signup_date")))),
    ("SQL in a function name", _customers(exp.Anonymous(this="now() || email || now", expressions=[]))),
    ("SQL in a join keyword", exp.Select(expressions=[_col("region")]).from_("customers", copy=False).join(
        "orders", join_type="CROSS", copy=False)),
    ("a control character in a string", _customers(exp.Literal.string("a\x00b"))),
    ("one node in two places", _shared_email()),
    ("operators against their precedence", _unparenthesised_or()),
    ("a query without parentheses", exp.Select(expressions=[_col("region")]).from_(
        exp.From(this=_customers(_col("region"))).this, copy=False)),
    ("ORDER BY without Ordered", _customers(_col("region")).order_by(_col("region"), copy=False)),
    ("not a query", exp.Column(this=_id("region"))),
]  # fmt: skip


def _forge_join_keyword(tree: exp.Expr) -> None:
    for join in tree.find_all(exp.Join):
        join.set("kind", "CROSS JOIN customers AS e UNION ALL SELECT email FROM customers AS x")


@pytest.mark.parametrize(("label", "tree"), FORGED, ids=[label for label, _ in FORGED])
@pytest.mark.parametrize("dialect", ["duckdb", "postgres"])
def test_trees_no_parse_produces_are_rendered_and_checked_as_text(label: str, tree: exp.Expr, dialect: str) -> None:
    tree = tree.copy() if label != "one node in two places" else _shared_email()  # copy() would unshare the node
    if label == "SQL in a join keyword":
        _forge_join_keyword(tree)
    if label == "ORDER BY without Ordered":
        assert not is_parse_shaped(tree, dialect)
        return
    assert not is_parse_shaped(tree, dialect), label
    try:
        text = tree.sql(dialect=dialect, pretty=True, comments=False)
    except Exception:
        text = None
    verdict = _tree_verdict(tree, text or "", dialect, POLICY)
    if text is None or not isinstance(tree, exp.Query):
        assert verdict[0] == "refused", label
        return
    assert verdict == _text_verdict(text, dialect, POLICY), label


def test_the_shared_node_is_refused_as_its_text_is() -> None:
    tree = _shared_email()
    verdict = _tree_verdict(tree, tree.sql(dialect="duckdb", pretty=True), "duckdb", POLICY)
    assert verdict[0] == "refused"
    assert "personal data" in str(verdict[1])


def test_a_verdict_is_kept_under_the_text_only_when_the_tree_renders_to_it() -> None:
    query, sql = next(item for item in _compiled("duckdb") if item[0].kind == "metrics")
    clear_guard_cache()
    guarded = guard_tree(_fresh_tree(query, "duckdb"), sql, allowed_tables=MODEL.tables(), row_cap=100,
                         columns=POLICY)  # fmt: skip
    assert isinstance(guarded, GuardedSQL) and guarded.query_sql == sql
    # The text path now finds the kept verdict: the same object.
    assert guard_sql(sql, allowed_tables=MODEL.tables(), row_cap=100, columns=POLICY) is guarded
    clear_guard_cache()
    # A tree handed over with some other text: checked and run as the tree, and nothing is kept under that text.
    other = "SELECT email FROM customers"
    guarded = guard_tree(_fresh_tree(query, "duckdb"), other, allowed_tables=MODEL.tables(), row_cap=100,
                         columns=POLICY)  # fmt: skip
    assert guarded.query_sql == sql
    with pytest.raises(GuardRefusal):
        guard_sql(other, allowed_tables=MODEL.tables(), row_cap=100, columns=POLICY)
    clear_guard_cache()
