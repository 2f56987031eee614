"""The demo warehouse: a seeded, realistic customer-analytics data set in one DuckDB file.

`build_demo_warehouse` writes customers, orders, support tickets, surveys and marketing touches
(DESIGN.md §5) with planted complaint themes and their evaluation labels.
"""

from __future__ import annotations

from assistant.demo_data.build import BuildReport, build_demo_warehouse

__all__ = ["BuildReport", "build_demo_warehouse"]
