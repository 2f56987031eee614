"""The answer's table as a CSV download: raw values (the screen shows display values, ui/display.py)."""

from __future__ import annotations

import csv
import shutil
import tempfile
import threading
import time
import uuid
import weakref
from pathlib import Path
from typing import Any

from assistant.contracts import Answer

MAX_SCREEN_ROWS = 500  # the download has every row
CSV_MAX_AGE_S = 3600
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")  # spreadsheet formula injection (OWASP "CSV injection")


def csv_cell(value: Any) -> Any:
    """A raw value for a spreadsheet: text that would start a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class CsvFiles:
    """Answer tables written as CSV files for download; files older than an hour are removed on each write, and
    a folder this object made is removed with it (at the latest when the process exits)."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder
        self._lock = threading.Lock()

    @property
    def folder(self) -> Path:
        with self._lock:
            if self._folder is None:
                self._folder = Path(tempfile.mkdtemp(prefix="chatbi-csv-"))
                weakref.finalize(self, shutil.rmtree, self._folder, ignore_errors=True)  # at exit at the latest
            return self._folder

    def write(self, answer: Answer, name: str = "chatbi-answer.csv") -> Path:
        """Raw values (ratios as fractions, money as numbers), UTF-8 with a BOM so spreadsheets read Chinese."""
        self._prune()
        target = self.folder / uuid.uuid4().hex / name
        target.parent.mkdir(parents=True)
        with target.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([csv_cell(column) for column in answer.columns])
            writer.writerows([csv_cell(value) for value in row] for row in answer.rows)
        return target

    def _prune(self) -> None:
        cutoff = time.time() - CSV_MAX_AGE_S
        for path in self.folder.glob("*/*.csv"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    path.parent.rmdir()
            except OSError:
                continue
