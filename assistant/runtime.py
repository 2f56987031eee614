"""The configured collaborators of one process: settings, semantic model, warehouse, audit log, as-of."""

from __future__ import annotations

import sys
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from assistant.audit import AuditLog
from assistant.errors import GuardRefusal, UserInputError, WarehouseError
from assistant.settings import Settings
from semantic_layer import SemanticModel, load_model
from semantic_layer.errors import TimeExpressionError
from semantic_layer.time_phrases import parse_date

if TYPE_CHECKING:
    from assistant.engines import Engine


class Runtime:
    """Opens things on first use, so `explain` never touches data and `--help` imports nothing heavy."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.audit = AuditLog(settings.audit_log, max_bytes=settings.log_max_bytes, backups=settings.log_backups)

    @cached_property
    def warehouse(self) -> Engine:
        """The engine the warehouse setting names, opened read-only under the configured limits."""
        from assistant.engines import Limits, connect

        target = self.settings.warehouse_target
        if self.settings.uses_demo_warehouse and not target.exists():
            from assistant.demo_data import build_demo_warehouse

            print(f"Building the demo warehouse at {target.path} (first use)...", file=sys.stderr)
            build_demo_warehouse(target.path, scale="small", as_of=self.settings.as_of or date.today())
        s = self.settings
        return connect(target, Limits(timeout_s=s.query_timeout_s, memory_limit=s.memory_limit, threads=s.threads))

    @property
    def dialect(self) -> str:
        """The sqlglot dialect of the warehouse's engine (the compiler and the guard use it); known without
        opening the warehouse, so `explain` touches no data."""
        return self.settings.warehouse_target.dialect

    @cached_property
    def as_of(self) -> date:
        """--as-of / CHATBI_AS_OF, else the warehouse's as_of, else today."""
        if self.settings.as_of is not None:
            return self.settings.as_of
        if self.settings.warehouse_target.exists():
            recorded = self.warehouse.info().get("as_of")
            if recorded:
                try:
                    return parse_date(recorded)
                except TimeExpressionError:
                    raise WarehouseError(f"The warehouse's as_of '{recorded}' is not a date.") from None
        return date.today()

    @cached_property
    def model(self) -> SemanticModel:
        path = self.settings.semantic_model
        if not path.is_file():
            raise UserInputError(f"No semantic model file at {path}.")
        return load_model(path, as_of=self.as_of)

    @cached_property
    def planning_model(self) -> SemanticModel:
        """The model with the values the warehouse holds for its listed fields (`warehouse_values.py`), for
        planning questions that will run; the model itself when the warehouse cannot be read that way."""
        from assistant.warehouse_values import with_warehouse_values

        try:
            return with_warehouse_values(self.model, self.warehouse)
        except (WarehouseError, GuardRefusal):
            return self.model
