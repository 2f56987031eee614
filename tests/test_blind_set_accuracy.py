"""Blind sets 1-30 against the real planner: the figures reached when it was fixed by general causes may not
drop (issue 10). Every set was written without seeing the planner; see the headers of tests/eval/blind_set_*.yml.
None is blind any more: the planner was fixed by the causes their failures showed, so they are regression sets
now, and a fresh blind set is what measures accuracy. Each row's comment keeps the set's history (correct / wrong /
abstain)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

AS_OF = date(2026, 12, 4)
EVAL_DIR = Path(__file__).resolve().parent / "eval"

# (set, items, minimum correct, maximum wrong)
BLIND_SETS = [
    # set 1: 169 before the fixes, 218 before the blind-set-2 fixes, 230 in round 3, 231 / 0 after round 7
    (1, 231, 231, 0),
    # set 2: scored once blind (118 / 17 / 9 of 144), then fixed by cause; 143 in round 3, 144 after round 8
    (2, 144, 144, 0),
    # set 3: scored blind after the set-2 fixes (97 / 14 / 25: the accuracy of record); 135 / 0 / 1 after round 6
    (3, 136, 135, 0),
    # set 4: scored blind after the set-3 fixes (117 / 12 / 11: the accuracy of record); 140 / 0 / 0 after p8-en
    (4, 140, 140, 0),
    # set 5: scored blind at the start of round 3 (96 / 8 / 16); 119 / 1 / 0 after the set-7 shapes helper; 120 / 0 / 0
    # after round 11
    (5, 120, 120, 0),
    # set 6: scored blind after the set-5 fixes (100 / 12 / 28: the accuracy of record); 137 / 0 / 3 after round 7
    (6, 140, 137, 0),
    # set 7: scored blind after the round-4 planner work (113 / 3 / 24); 140 / 0 / 0 after round 5
    (7, 140, 140, 0),
    # set 8: scored blind after the round-5 planner work (102 / 12 / 26); 139 / 1 / 0 after round 6; 140 / 0 / 0 after
    # round 11
    (8, 140, 140, 0),
    # set 9: blind before and after the round-6 planner work (104 / 3 / 33 -> 106 / 3 / 31); 138 / 0 / 2 after round 8
    (9, 140, 138, 0),
    # set 10: blind before and after the round-7 planner work (117 / 6 / 17 -> 118 / 6 / 16); 140 / 0 / 0 after round 8
    (10, 140, 140, 0),
    # sets 11 and 12: written in round 8, blind on main at its start (107 / 10 / 23 and 123 / 1 / 16), then read;
    # 133 / 1 / 6 and 135 / 0 / 5 after the round-8 branches; set 11 137 / 0 / 3 after round 9; set 12 136 / 0 / 4
    # after round 12
    (11, 140, 137, 0),
    (12, 140, 136, 0),
    # set 13: blind on main at the start of round 8 (116 / 6 / 18) and after its branches (123 / 6 / 11: the accuracy
    # of record), then read; 133 / 0 / 7 after round 10, 134 / 0 / 6 after round 11, 135 / 0 / 5 after round 12
    (13, 140, 135, 0),
    # sets 14 and 15: written in round 9, blind on main at its start (98 / 6 / 36 and 123 / 4 / 13), then read and
    # shared among the round-9 branches: 139 / 0 / 1 each
    (14, 140, 139, 0),
    (15, 140, 139, 0),
    # set 16: blind on main at the start of round 9 (124 / 5 / 11) and after its branches (127 / 3 / 10: the accuracy
    # of record), then read; 129 / 1 / 10 after two period fixes; 138 / 0 / 2 after round 10
    (16, 140, 138, 0),
    # sets 17, 18 and 19: written in round 10, blind on main at its start (130 / 5 / 5, 111 / 9 / 20, 100 / 6 / 34),
    # then read and shared among the round-10 branches: 136 / 3 / 1, 131 / 3 / 6 and 125 / 3 / 12; after round 11
    # 136 / 2 / 2, 133 / 2 / 5 and 125 / 2 / 13; set 19 128 / 1 / 11 after round 12; 138 / 0 / 2, 136 / 0 / 4 and
    # 129 / 0 / 11 after round 13
    (17, 140, 138, 0),
    (18, 140, 136, 0),
    (19, 140, 129, 0),
    # set 20: blind on main at the start of round 10 (128 / 3 / 9) and after its branches (126 / 2 / 12: the accuracy
    # of record), then read; 129 / 1 / 10 after two readings the merge had lost and a Chinese exclusion after its value;
    # 133 / 1 / 6 after round 12; 134 / 0 / 6 after round 13
    (20, 140, 134, 0),
    # sets 21, 22 and 23: written in round 11, blind on main at its start (122 / 4 / 14, 112 / 8 / 20, 86 / 18 / 36),
    # then read and shared among the round-11 branches: 140 / 0 / 0, 135 / 1 / 4 and 126 / 4 / 10 (set 23 after two
    # churn-rate golds were corrected to DESIGN §6: 124 / 6 / 10 before the correction; 88 / 16 / 36 on main after it);
    # set 23 128 / 4 / 8 after round 12; sets 22 and 23 137 / 0 / 3 and 133 / 0 / 7 after round 13
    (21, 140, 140, 0),
    (22, 140, 137, 0),
    (23, 140, 133, 0),
    # set 24: blind on main at the start of round 11 (119 / 4 / 17) and after its branches (121 / 4 / 15: the accuracy
    # of record), then read; 132 / 0 / 8 after round 12
    (24, 140, 132, 0),
    # sets 25, 26 and 27: written in round 12, blind on main at its start (124 / 5 / 11, 120 / 3 / 17, 124 / 3 / 13),
    # then read and shared among the round-12 branches: 137 / 0 / 3, 138 / 0 / 2 and 139 / 0 / 1
    (25, 140, 137, 0),
    (26, 140, 138, 0),
    (27, 140, 139, 0),
    # set 28: blind on main at the start of round 12 (131 / 2 / 7) and after its branches (134 / 2 / 4: the accuracy of
    # record), then read; set 29: a second held-out set, blind on main (134 / 0 / 6) and after the branches (135 / 0 / 5);
    # set 28 136 / 0 / 4 after round 13
    (28, 140, 136, 0),
    (29, 140, 135, 0),
    # set 30: blind on main at the start of round 13 (134 / 1 / 5) and after its branches (134 / 1 / 5: the accuracy of
    # record), then read; 135 / 0 / 5 after one reading of a population said first ('… - how many of them had …')
    (30, 140, 135, 0),
]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def blind_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from assistant.demo_data import build_demo_warehouse

    path = tmp_path_factory.mktemp("blind") / "demo.duckdb"
    build_demo_warehouse(path, scale="small", seed=7, as_of=AS_OF)
    return path


@pytest.mark.parametrize(
    ("number", "items", "min_correct", "max_wrong"), BLIND_SETS, ids=[f"set{row[0]}" for row in BLIND_SETS]
)
def test_blind_sets_do_not_regress(
    blind_warehouse: Path, number: int, items: int, min_correct: int, max_wrong: int
) -> None:
    from assistant.evaluation import render_report, run_eval
    from assistant.runtime import Runtime
    from assistant.settings import load_settings

    report = run_eval(
        EVAL_DIR / f"blind_set_{number}.yml", Runtime(load_settings(warehouse=blind_warehouse, as_of=AS_OF))
    )
    assert report.overall.n == items
    assert report.overall.correct >= min_correct, render_report(report)
    assert report.overall.wrong <= max_wrong, render_report(report)
