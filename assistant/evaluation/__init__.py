"""`chatbi eval`: execution accuracy of the assistant on a questions file with gold answers.

questions file (YAML) -> dataset (checked, golds compiled) -> scoring (ask, run gold, compare results)
-> report (accuracy, wrong-answer and abstain rates, latency, per category and language; failures).
"""

from assistant.evaluation.compare import ResultTable, table_mismatch
from assistant.evaluation.dataset import EvalItem, EvalSet, load_eval_set
from assistant.evaluation.report import EvalReport, ItemResult, Stats, build_report, render_report
from assistant.evaluation.runner import gold_runner, pipeline_ask, run_eval
from assistant.evaluation.scoring import Ask, RunGold, evaluate, evaluate_item, score

__all__ = [
    "Ask",
    "EvalItem",
    "EvalReport",
    "EvalSet",
    "ItemResult",
    "ResultTable",
    "RunGold",
    "Stats",
    "build_report",
    "evaluate",
    "evaluate_item",
    "gold_runner",
    "load_eval_set",
    "pipeline_ask",
    "render_report",
    "run_eval",
    "score",
    "table_mismatch",
]
