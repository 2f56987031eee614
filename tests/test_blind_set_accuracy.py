"""Blind sets 1-20 against the real planner: the figures reached when it was fixed by general causes may not
drop (issue 10). Both sets were written without seeing the planner; see the headers of tests/eval/blind_set_*.yml.
Neither is blind any more: the planner was fixed by the causes their failures showed, so they are regression
sets now, and a fresh blind set is what measures accuracy."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

AS_OF = date(2026, 12, 4)
BLIND_SET = Path(__file__).resolve().parent / "eval" / "blind_set_1.yml"
MIN_CORRECT = 231  # of 231 after round 7 (230 in round 3; 169 before the fixes, 218 before the blind-set-2 fixes)
MAX_WRONG = 0  # was 50
# Set 2 was scored once blind (118 correct / 17 wrong / 9 abstain of 144), then fixed by cause: NOT blind now.
BLIND_SET_2 = Path(__file__).resolve().parent / "eval" / "blind_set_2.yml"
MIN_CORRECT_2 = 144  # of 144 after round 8 (143 in round 3)
MAX_WRONG_2 = 0
# Set 3 was scored blind after the set-2 fixes (97 / 14 / 25 of 136): the accuracy of record; a regression set now.
BLIND_SET_3 = Path(__file__).resolve().parent / "eval" / "blind_set_3.yml"
# after the set-3, set-4, round-3, set-6 abstention and set-7 fixes: 132 / 0 / 4; p8-en: 134 / 0 / 2
MIN_CORRECT_3 = 135  # 135 / 0 / 1 after round 6
MAX_WRONG_3 = 0
# Set 4 was scored blind after the set-3 fixes (117 / 12 / 11 of 140: the accuracy of record), then fixed by cause.
BLIND_SET_4 = Path(__file__).resolve().parent / "eval" / "blind_set_4.yml"
MIN_CORRECT_4 = 140  # after its fixes and round 3's: 139 / 0 / 1; after p8-en's reading causes: 140 / 0 / 0
MAX_WRONG_4 = 0
# Set 5 was scored blind at the start of round 3 (96 / 8 / 16 of 120), then fixed by cause.
BLIND_SET_5 = Path(__file__).resolve().parent / "eval" / "blind_set_5.yml"
# after its fixes: 118 / 2 / 0; 119 / 1 / 0 after the set-7 shapes helper (a share among churned customers)
MIN_CORRECT_5 = 119
MAX_WRONG_5 = 1
# Set 6 was scored blind after the set-5 fixes (100 / 12 / 28 of 140: the accuracy of record), then fixed by cause.
BLIND_SET_6 = Path(__file__).resolve().parent / "eval" / "blind_set_6.yml"
# 134 / 0 / 6 after both set-6 helpers (p-wrong 112 / 0 / 28, p-abstain 124 / 11 / 5); 136 / 0 / 4 after round 5
MIN_CORRECT_6 = 137  # 137 / 0 / 3 after round 7
MAX_WRONG_6 = 0
# Set 7 was scored blind after the round-4 planner work (113 / 3 / 24 of 140: the accuracy of record), then read.
BLIND_SET_7 = Path(__file__).resolve().parent / "eval" / "blind_set_7.yml"
MIN_CORRECT_7 = 140  # after two of its wrong causes were fixed: 115 / 1 / 24; after round 5's set-7 work: 140 / 0 / 0
MAX_WRONG_7 = 0
# Set 8 was scored blind after the round-5 planner work (102 / 12 / 26 of 140: the accuracy of record), then read.
BLIND_SET_8 = Path(__file__).resolve().parent / "eval" / "blind_set_8.yml"
# after five of its wrong causes were fixed: 105 / 8 / 27; after round 6's set-8 work (both planner branches): 139 / 1 / 0
MIN_CORRECT_8 = 139
MAX_WRONG_8 = 1
# Set 9 was scored blind before and after the round-6 planner work (104 / 3 / 33 -> 106 / 3 / 31 of 140: the accuracy
# of record), then read; after two of its causes were fixed (a fortnight, number words): 110 / 3 / 27; after round 7's
# set-9 work (three planner branches): 136 / 0 / 4.
BLIND_SET_9 = Path(__file__).resolve().parent / "eval" / "blind_set_9.yml"
MIN_CORRECT_9 = 138  # 138 / 0 / 2 after round 8
MAX_WRONG_9 = 0
# Set 10 was scored blind before and after the round-7 planner work (117 / 6 / 17 -> 118 / 6 / 16 of 140: the accuracy
# of record), then read; after its wrong causes and five of its asked-back causes were fixed: 126 / 3 / 11.
BLIND_SET_10 = Path(__file__).resolve().parent / "eval" / "blind_set_10.yml"
MIN_CORRECT_10 = 140  # 140 / 0 / 0 after round 8
MAX_WRONG_10 = 0
# Sets 11 and 12 were written in round 8 and scored blind on main at its start (107 / 10 / 23 and 123 / 1 / 16 of 140),
# then read and fixed by cause: 133 / 1 / 6 and 135 / 0 / 5 after the round-8 planner branches.
BLIND_SET_11 = Path(__file__).resolve().parent / "eval" / "blind_set_11.yml"
MIN_CORRECT_11 = 137  # 137 / 0 / 3 after round 9
MAX_WRONG_11 = 0
BLIND_SET_12 = Path(__file__).resolve().parent / "eval" / "blind_set_12.yml"
MIN_CORRECT_12 = 135
MAX_WRONG_12 = 0
# Set 13 was scored blind on main at the start of round 8 (116 / 6 / 18 of 140) and after its planner branches
# (123 / 6 / 11: the accuracy of record), then read; after four of its wrong causes were fixed: 125 / 3 / 12.
BLIND_SET_13 = Path(__file__).resolve().parent / "eval" / "blind_set_13.yml"
MIN_CORRECT_13 = 133  # 133 / 0 / 7 after round 10
MAX_WRONG_13 = 0
# Sets 14 and 15 were written in round 9 and scored blind on main at its start (98 / 6 / 36 and 123 / 4 / 13 of 140),
# then read and shared among the round-9 planner branches: 139 / 0 / 1 each after them.
BLIND_SET_14 = Path(__file__).resolve().parent / "eval" / "blind_set_14.yml"
MIN_CORRECT_14 = 139
MAX_WRONG_14 = 0
BLIND_SET_15 = Path(__file__).resolve().parent / "eval" / "blind_set_15.yml"
MIN_CORRECT_15 = 139
MAX_WRONG_15 = 0
# Set 16 was scored blind on main at the start of round 9 (124 / 5 / 11 of 140) and after its planner branches
# (127 / 3 / 10: the accuracy of record), then read; after two of its wrong causes were fixed (two periods the time
# phrases missed): 129 / 1 / 10; 138 / 0 / 2 after round 10.
BLIND_SET_16 = Path(__file__).resolve().parent / "eval" / "blind_set_16.yml"
MIN_CORRECT_16 = 138
MAX_WRONG_16 = 0
# Sets 17, 18 and 19 were written in round 10 and scored blind on main at its start (130 / 5 / 5, 111 / 9 / 20 and
# 100 / 6 / 34 of 140), then read and shared among the round-10 planner branches: 136 / 3 / 1, 131 / 3 / 6 and
# 125 / 3 / 12 after them.
BLIND_SET_17 = Path(__file__).resolve().parent / "eval" / "blind_set_17.yml"
MIN_CORRECT_17 = 136
MAX_WRONG_17 = 3
BLIND_SET_18 = Path(__file__).resolve().parent / "eval" / "blind_set_18.yml"
MIN_CORRECT_18 = 131
MAX_WRONG_18 = 3
BLIND_SET_19 = Path(__file__).resolve().parent / "eval" / "blind_set_19.yml"
MIN_CORRECT_19 = 125
MAX_WRONG_19 = 3
# Set 20 was scored blind on main at the start of round 10 (128 / 3 / 9 of 140) and after its planner branches
# (126 / 2 / 12: the accuracy of record), then read; after two readings the merge had lost and a Chinese exclusion
# said after its value ('华北以外'): 129 / 1 / 10.
BLIND_SET_20 = Path(__file__).resolve().parent / "eval" / "blind_set_20.yml"
MIN_CORRECT_20 = 129
MAX_WRONG_20 = 1

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def blind_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from assistant.demo_data import build_demo_warehouse

    path = tmp_path_factory.mktemp("blind") / "demo.duckdb"
    build_demo_warehouse(path, scale="small", seed=7, as_of=AS_OF)
    return path


@pytest.mark.parametrize(
    ("path", "items", "min_correct", "max_wrong"),
    [(BLIND_SET, 231, MIN_CORRECT, MAX_WRONG), (BLIND_SET_2, 144, MIN_CORRECT_2, MAX_WRONG_2),
     (BLIND_SET_3, 136, MIN_CORRECT_3, MAX_WRONG_3), (BLIND_SET_4, 140, MIN_CORRECT_4, MAX_WRONG_4),
     (BLIND_SET_5, 120, MIN_CORRECT_5, MAX_WRONG_5), (BLIND_SET_6, 140, MIN_CORRECT_6, MAX_WRONG_6),
     (BLIND_SET_7, 140, MIN_CORRECT_7, MAX_WRONG_7), (BLIND_SET_8, 140, MIN_CORRECT_8, MAX_WRONG_8),
     (BLIND_SET_9, 140, MIN_CORRECT_9, MAX_WRONG_9), (BLIND_SET_10, 140, MIN_CORRECT_10, MAX_WRONG_10),
     (BLIND_SET_11, 140, MIN_CORRECT_11, MAX_WRONG_11), (BLIND_SET_12, 140, MIN_CORRECT_12, MAX_WRONG_12),
     (BLIND_SET_13, 140, MIN_CORRECT_13, MAX_WRONG_13), (BLIND_SET_14, 140, MIN_CORRECT_14, MAX_WRONG_14),
     (BLIND_SET_15, 140, MIN_CORRECT_15, MAX_WRONG_15), (BLIND_SET_16, 140, MIN_CORRECT_16, MAX_WRONG_16),
     (BLIND_SET_17, 140, MIN_CORRECT_17, MAX_WRONG_17), (BLIND_SET_18, 140, MIN_CORRECT_18, MAX_WRONG_18),
     (BLIND_SET_19, 140, MIN_CORRECT_19, MAX_WRONG_19), (BLIND_SET_20, 140, MIN_CORRECT_20, MAX_WRONG_20)],
    ids=["set1", "set2", "set3", "set4", "set5", "set6", "set7", "set8", "set9", "set10", "set11", "set12", "set13",
         "set14", "set15", "set16", "set17", "set18", "set19", "set20"],
)  # fmt: skip
def test_blind_sets_do_not_regress(
    blind_warehouse: Path, path: Path, items: int, min_correct: int, max_wrong: int
) -> None:
    from assistant.evaluation import render_report, run_eval
    from assistant.runtime import Runtime
    from assistant.settings import load_settings

    report = run_eval(path, Runtime(load_settings(warehouse=blind_warehouse, as_of=AS_OF)))
    assert report.overall.n == items
    assert report.overall.correct >= min_correct, render_report(report)
    assert report.overall.wrong <= max_wrong, render_report(report)
