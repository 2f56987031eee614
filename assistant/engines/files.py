"""A folder of Parquet/CSV files as read-only tables, through a DuckDB that can read only them.

Each `*.parquet` / `*.csv` file, and each sub-folder of `*.parquet` parts, is one view named by its stem.
The views are written to a scratch catalog file of our own, which is then opened read-only under the
sandbox: DuckDB may read exactly the listed files (`allowed_paths`, resolved real paths) with external
access off, so neither a query nor a symlink in the folder reaches anything else, and nothing is written.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import duckdb
from sqlglot import exp

from assistant.engines.base import Limits
from assistant.engines.duckdb_file import DuckDBEngine, lock_and_verify, sandbox_config
from assistant.engines.folder import discover_tables
from assistant.errors import WarehouseError

_READERS = {".parquet": "read_parquet", ".csv": "read_csv"}


class DuckDBFolder(DuckDBEngine):
    """One read-only table per data file of `folder`."""

    def __init__(self, folder: Path, limits: Limits | None = None) -> None:
        limits = limits or Limits()
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise WarehouseError(f"No data folder at {self.folder}.")
        root = self.folder.resolve()
        sources = discover_tables(root)
        if not sources:
            raise WarehouseError(f"{self.folder} holds no *.parquet or *.csv files.")
        readable = sorted({str(path) for files in sources.values() for path in files})
        self._scratch = Path(tempfile.mkdtemp(prefix="chatbi-files-"))
        catalog = self._scratch / "catalog.duckdb"
        try:
            with duckdb.connect(str(catalog), config={"autoload_known_extensions": False}) as writer:
                for name, files in sources.items():
                    writer.execute(_view_sql(name, files))
            # allowed_paths can only be set while external access is on; it goes off before anything else runs.
            config = {**sandbox_config(limits), "enable_external_access": True}
            con = duckdb.connect(str(catalog), read_only=True, config=config)
            con.execute("SET allowed_paths = ?", [readable])
            con.execute("SET enable_external_access = false")
            lock_and_verify(con)
        except duckdb.Error as error:
            shutil.rmtree(self._scratch, ignore_errors=True)
            raise WarehouseError(f"Could not open the data folder {self.folder}: {error}") from error
        super().__init__(con, limits)

    def describe(self) -> str:
        return str(self.folder)

    def close(self) -> None:
        super().close()
        shutil.rmtree(self._scratch, ignore_errors=True)


def _view_sql(name: str, files: list[Path]) -> str:
    reader = _READERS[files[0].suffix.lower()]
    paths = exp.Array(expressions=[exp.Literal.string(str(path)) for path in files])
    source = exp.Anonymous(this=reader, expressions=[paths])
    select = exp.select(exp.Star()).from_(exp.Table(this=source))
    return f"CREATE VIEW {exp.to_identifier(name, quoted=True).sql('duckdb')} AS {select.sql('duckdb')}"
