"""`chatbi eval`: the questions file against the real pipeline and warehouse."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from assistant.contracts import Answer, Turn
from assistant.errors import UserInputError
from assistant.evaluation.compare import ResultTable
from assistant.evaluation.dataset import load_eval_set
from assistant.evaluation.report import EvalReport
from assistant.evaluation.scoring import Ask, RunGold, evaluate
from assistant.guard import guard_sql
from assistant.pipeline import final_answer, run_question
from assistant.runtime import Runtime
from semantic_layer import SemanticQuery, compile_query

GOLD_ROW_CAP = 500_000  # gold results are compared whole: a themes population can hold every complaint


def run_eval(path: Path, runtime: Runtime) -> EvalReport:
    """Check the file (every gold compiles), ask every question, score and report."""
    eval_set = load_eval_set(path, runtime.model)
    if eval_set.as_of is not None and eval_set.as_of != runtime.as_of:
        # Gold dates were resolved against the file's as_of, so the assistant must answer as of that day too.
        runtime = Runtime(runtime.settings.model_copy(update={"as_of": eval_set.as_of}))
    report = evaluate(eval_set.items, ask=pipeline_ask(runtime), run_gold=gold_runner(runtime))
    return report.model_copy(update={"file": str(path), "as_of": runtime.as_of})


def pipeline_ask(runtime: Runtime) -> Ask:
    """The assistant as a user meets it: plan, compile, guard, run, answer."""

    def ask(question: str, history: Sequence[Turn]) -> Answer:
        return final_answer(run_question(runtime, question, history))

    return ask


def gold_runner(runtime: Runtime) -> RunGold:
    """Run gold queries and SQL the same safe way the assistant runs its own: compile, guard, sandbox."""

    def run(gold: SemanticQuery | str) -> ResultTable:
        dialect = runtime.dialect
        if isinstance(gold, SemanticQuery):
            sql = compile_query(runtime.model, gold, as_of=runtime.as_of, dialect=dialect).sql
        else:
            sql = gold
        guarded = guard_sql(sql, allowed_tables=runtime.model.tables(), row_cap=GOLD_ROW_CAP, dialect=dialect)
        result = runtime.warehouse.run_rows(guarded)
        if result.truncated:
            raise UserInputError(f"the result has more than {GOLD_ROW_CAP:,} rows, too many to compare")
        return ResultTable(columns=result.columns, rows=result.rows)

    return run
