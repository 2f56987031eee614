"""Convert a dbt MetricFlow project (semantic_models + metrics, the standalone YAML spec) into our model.

MetricFlow and this layer share most concepts: a semantic model is an entity, its measures are measures,
simple/ratio/derived metrics map one to one. What differs is converted where the meaning is kept exactly
and listed in `ImportResult.skipped` otherwise (never approximated):
- dbt entities (primary/foreign keys named by entity) become `primary_key` and many-to-one relationships;
- a metric or input filter (`{{ Dimension('order__is_food_order') }} = true`) becomes a filtered copy of the
  measure when it names the measure's own semantic model, or a segment of the related entity when it names
  one entity reached through a foreign key;
- cumulative and conversion metrics, offset windows, percentile/median measures, non-additive measures and
  filters on `metric_time` have no equivalent here and are skipped with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlglot
import yaml
from sqlglot import exp

from semantic_layer.errors import SemanticLayerError

_SKIP_DIRS = {"target", "dbt_packages", "logs", "node_modules", "dbt_modules"}
_AGGREGATIONS = {"sum": "sum", "count": "count", "count_distinct": "count_distinct", "min": "min", "max": "max",
                 "average": "avg", "sum_boolean": "sum"}  # fmt: skip
_KEY_TYPES = ("primary", "unique", "natural")
_FILTER_CALL = re.compile(
    r"\{\{\s*(?P<kind>Dimension|TimeDimension|Entity)\(\s*['\"](?P<ref>[^'\"]+)['\"]"
    r"(?:\s*,\s*['\"](?P<grain>\w+)['\"])?[^)]*\)(?:\.grain\(\s*['\"](?P<grain2>\w+)['\"]\s*\))?\s*\}\}"
)
_NAME = re.compile(r"[^a-z0-9_]+")


class DbtImportError(SemanticLayerError):
    """The folder holds no readable dbt semantic models."""


@dataclass
class ImportResult:
    model: dict[str, Any]
    skipped: list[str] = field(default_factory=list)  # what could not be converted, each with its reason
    sources: list[str] = field(default_factory=list)  # YAML files read


@dataclass(frozen=True)
class _Entity:
    """One dbt semantic model as we see it."""

    name: str
    key_names: tuple[str, ...]  # dbt entity names whose key is this model's primary key
    key_column: str
    foreign: dict[str, str]  # dbt entity name -> local column
    dimension_exprs: dict[str, str]  # dimension name -> SQL over the model's columns


class _Skip(Exception):
    """This definition cannot be converted without changing its meaning; the message says why."""


def import_dbt_project(directory: Path, *, name: str | None = None) -> ImportResult:
    """Read every YAML file under `directory` (as dbt does, skipping target/ and packages) and convert."""
    if not directory.is_dir():
        raise DbtImportError(f"No folder at {directory}.")
    semantic_models: list[dict[str, Any]] = []
    metrics: list[dict[str, Any]] = []
    result = ImportResult(model={})
    for path in _yaml_files(directory):
        document = _read(path)
        if not isinstance(document, dict):
            continue
        found = False
        for key, bucket in (("semantic_models", semantic_models), ("metrics", metrics)):
            items = document.get(key)
            if isinstance(items, list):
                bucket.extend(item for item in items if isinstance(item, dict))
                found = True
        if found:
            result.sources.append(str(path.relative_to(directory)))
    if not semantic_models:
        raise DbtImportError(f"No dbt `semantic_models` found in the YAML files under {directory}.")
    _Converter(result).convert(name or _identifier(directory.resolve().name), semantic_models, metrics)
    return result


def render_model_yaml(result: ImportResult) -> str:
    """The converted model as YAML, headed by what was read and what was skipped."""
    header = ["# Converted from a dbt MetricFlow project by `chatbi model import-dbt`.", "# Read: "
              + ", ".join(result.sources)]  # fmt: skip
    header.append("# Review the labels and synonyms (Chinese labels fall back to English), then `chatbi model check`.")
    if result.skipped:
        header.append("# Not converted:")
        header += [f"#   - {line}" for line in result.skipped]
    body = yaml.safe_dump(result.model, sort_keys=False, allow_unicode=True, width=120)
    return "\n".join(header) + "\n" + body


def _yaml_files(directory: Path) -> list[Path]:
    files = []
    for path in sorted(directory.rglob("*")):
        parts = path.relative_to(directory).parts
        if any(part.startswith(".") or part in _SKIP_DIRS for part in parts[:-1]):
            continue
        if path.is_file() and path.suffix in (".yml", ".yaml"):
            files.append(path)
    return files


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise DbtImportError(f"{where}: not valid YAML ({getattr(exc, 'problem', exc)}).") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DbtImportError(f"Cannot read {path}: {exc}") from None


def _identifier(text: str) -> str:
    name = _NAME.sub("_", text.lower()).strip("_")
    return name if name[:1].isalpha() else f"m_{name}"


def _label(item: dict[str, Any]) -> dict[str, str]:
    text = item.get("label") or item["name"].replace("_", " ").capitalize()
    return {"en": str(text)}


def _table(model_ref: Any) -> str:
    """ref('orders') -> orders; ref('pkg', 'orders') -> orders; a plain name stays."""
    text = str(model_ref or "")
    quoted = re.findall(r"['\"]([^'\"]+)['\"]", text)
    return quoted[-1] if quoted else text.strip()


class _Converter:
    def __init__(self, result: ImportResult) -> None:
        self.result = result
        self.entities: dict[str, dict[str, Any]] = {}
        self.views: dict[str, _Entity] = {}
        self.by_key: dict[str, str] = {}  # dbt entity name -> our entity (semantic model) name
        self.measure_home: dict[str, str] = {}  # dbt measure name -> our entity name
        self.dbt_metrics: dict[str, dict[str, Any]] = {}
        self.metrics: dict[str, dict[str, Any]] = {}
        self.segments: dict[str, dict[str, Any]] = {}

    def skip(self, what: str, why: str) -> None:
        self.result.skipped.append(f"{what}: {why}")

    # ------------------------------------------------------------------ semantic models -> entities
    def convert(self, name: str, semantic_models: list[dict[str, Any]], metrics: list[dict[str, Any]]) -> None:
        for item in semantic_models:
            try:
                self._entity(item)
            except _Skip as why:
                self.skip(f"semantic model '{item.get('name')}'", str(why))
        for entity_name, view in self.views.items():
            relationships = self._relationships(view)
            if relationships:
                self.entities[entity_name]["relationships"] = relationships
        self.dbt_metrics = {str(m["name"]): m for m in metrics if "name" in m}
        for item in semantic_models:
            for measure in item.get("measures") or []:
                if measure.get("create_metric") and measure["name"] not in self.dbt_metrics:
                    self.dbt_metrics[measure["name"]] = {"name": measure["name"], "type": "simple",
                                                         "type_params": {"measure": measure["name"]}}  # fmt: skip
        for metric_name in self.dbt_metrics:
            self._metric_once(metric_name)
        model: dict[str, Any] = {"name": name, "description": "Imported from a dbt MetricFlow project."}
        model["entities"] = self.entities
        if self.segments:
            model["segments"] = self.segments
        model["metrics"] = self.metrics
        self.result.model = model

    def _entity(self, item: dict[str, Any]) -> None:
        entity_name = _identifier(str(item["name"]))
        keys = [e for e in item.get("entities") or [] if e.get("type") in _KEY_TYPES]
        primary = next((e for e in keys if e.get("type") == "primary"), keys[0] if keys else None)
        if primary is None:
            raise _Skip("it has no primary, unique or natural entity to use as the primary key")
        key_column = str(primary.get("expr") or primary["name"])
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", key_column):
            raise _Skip(f"its key '{key_column}' is an expression, not a column")
        dimensions: dict[str, dict[str, Any]] = {
            key_column: {"type": "categorical", "label": _label({"name": key_column})}
        }
        exprs = {key_column: key_column}
        foreign = {}
        for dbt_entity in item.get("entities") or []:
            column = str(dbt_entity.get("expr") or dbt_entity["name"])
            if dbt_entity.get("type") == "foreign":
                foreign[str(dbt_entity["name"])] = column
        for dim in item.get("dimensions") or []:
            dim_name = _identifier(str(dim["name"]))
            kind = "time" if dim.get("type") == "time" else "categorical"
            entry: dict[str, Any] = {"type": kind, "label": _label(dim)}
            expr = dim.get("expr")
            if expr is not None and str(expr) != dim_name:
                entry["expr"] = str(expr)
            if dim.get("description"):
                entry["description"] = str(dim["description"]).strip()
            dimensions[dim_name] = entry
            exprs[dim_name] = str(expr) if expr is not None else dim_name
        defaults = item.get("defaults") or {}
        default_time = defaults.get("agg_time_dimension")
        entity: dict[str, Any] = {"table": _table(item.get("model")), "primary_key": key_column,
                                  "label": _label(item)}  # fmt: skip
        if item.get("description"):
            entity["description"] = " ".join(str(item["description"]).split())
        if default_time:
            entity["default_time_dimension"] = _identifier(str(default_time))
        entity["dimensions"] = dimensions
        entity["measures"] = {}
        self.entities[entity_name] = entity
        self.views[entity_name] = _Entity(entity_name, tuple(str(k["name"]) for k in keys), key_column, foreign, exprs)
        for dbt_key in self.views[entity_name].key_names:
            self.by_key.setdefault(dbt_key, entity_name)
        for measure in item.get("measures") or []:
            try:
                entity["measures"][_identifier(str(measure["name"]))] = self._measure(measure, dimensions)
                self.measure_home[str(measure["name"])] = entity_name
            except _Skip as why:
                self.skip(f"measure '{item['name']}.{measure.get('name')}'", str(why))

    def _measure(self, measure: dict[str, Any], dimensions: dict[str, Any]) -> dict[str, Any]:
        agg = str(measure.get("agg", ""))
        if agg not in _AGGREGATIONS:
            raise _Skip(f"aggregation '{agg}' (percentiles and medians) has no equivalent")
        if measure.get("non_additive_dimension"):
            raise _Skip("non-additive (semi-additive) measures have no equivalent")
        expr = measure.get("expr")
        result: dict[str, Any] = {"agg": _AGGREGATIONS[agg]}
        if agg == "sum_boolean":
            result["expr"] = f"CAST({expr or measure['name']} AS INTEGER)"
        elif expr is not None:
            result["expr"] = str(expr)
        elif agg != "count":
            result["expr"] = str(measure["name"])
        time_dimension = measure.get("agg_time_dimension")
        if time_dimension:
            if _identifier(str(time_dimension)) not in dimensions:
                raise _Skip(f"agg_time_dimension '{time_dimension}' is not a dimension of its semantic model")
            result["agg_time_dimension"] = _identifier(str(time_dimension))
        if measure.get("description"):
            result["description"] = " ".join(str(measure["description"]).split())
        return result

    def _relationships(self, view: _Entity) -> list[dict[str, str]]:
        relationships = []
        for dbt_entity, column in view.foreign.items():
            target = self.by_key.get(dbt_entity)
            if target is None or target == view.name:
                if target is None:
                    self.skip(f"foreign entity '{dbt_entity}' of '{view.name}'", "no semantic model has it as a key")
                continue
            relationships.append({"to": target, "type": "many_to_one", "local_key": column,
                                  "remote_key": self.views[target].key_column})  # fmt: skip
        return relationships

    # ------------------------------------------------------------------ metrics
    def _metric_once(self, name: str) -> str | None:
        """Convert dbt metric `name` (and what it needs) once; our metric name, or None when skipped."""
        key = _identifier(name)
        if key in self.metrics:
            return key
        item = self.dbt_metrics.get(name)
        if item is None:
            return None
        try:
            self.metrics[key] = {}  # placeholder against cycles
            self.metrics[key] = self._metric(item)
            return key
        except _Skip as why:
            del self.metrics[key]
            self.skip(f"metric '{name}'", str(why))
            return None

    def _metric(self, item: dict[str, Any]) -> dict[str, Any]:
        kind = item.get("type")
        params = item.get("type_params") or {}
        base: dict[str, Any] = {"label": _label(item)}
        if item.get("description"):
            base["description"] = " ".join(str(item["description"]).split())
        if kind == "simple":
            spec = _input(params.get("measure"))
            filters = _filters(item.get("filter")) + _filters(spec.get("filter"))
            return {"type": "simple", **self._filtered_measure(str(spec["name"]), filters, item["name"]), **base}
        if kind == "ratio":
            parts = {}
            for side in ("numerator", "denominator"):
                parts[side] = self._input_metric(
                    _input(params.get(side)), item["name"], side, _filters(item.get("filter"))
                )
            return {"type": "ratio", **parts, **base}
        if kind == "derived":
            return {"type": "derived", "expr": self._derived_expr(item, params), **base}
        if kind == "cumulative":
            raise _Skip("cumulative metrics (running windows, grain-to-date) have no equivalent; ask for the simple "
                        "metric over a time range instead")  # fmt: skip
        raise _Skip(f"metric type '{kind}' has no equivalent")

    def _input_metric(self, spec: dict[str, Any], owner: str, role: str, outer: list[str]) -> str:
        """The metric an input refers to; a filtered input becomes a hidden filtered copy of a simple metric."""
        if spec.get("offset_window") or spec.get("offset_to_grain"):
            raise _Skip(f"input '{spec['name']}' is offset in time (offset_window/offset_to_grain)")
        filters = outer + _filters(spec.get("filter"))
        if not filters:
            target = self._metric_once(str(spec["name"]))
            if target is None:
                raise _Skip(f"its input metric '{spec['name']}' was not converted")
            return target
        source = self.dbt_metrics.get(str(spec["name"]))
        if source is None or source.get("type") != "simple":
            raise _Skip(f"a filter on input '{spec['name']}' needs it to be a simple metric")
        measure = _input((source.get("type_params") or {}).get("measure"))
        filters = filters + _filters(source.get("filter")) + _filters(measure.get("filter"))
        name = _identifier(f"{owner}_{role}")
        self.metrics[name] = {"type": "simple", **self._filtered_measure(str(measure["name"]), filters, name),
                              "label": _label({"name": name}), "hidden": True}  # fmt: skip
        return name

    def _derived_expr(self, item: dict[str, Any], params: dict[str, Any]) -> str:
        renames: dict[str, str] = {}
        for raw in params.get("metrics") or []:
            spec = _input(raw)
            ours = self._input_metric(spec, str(item["name"]), str(spec.get("alias") or spec["name"]), [])
            renames[str(spec.get("alias") or spec["name"])] = ours
        try:
            tree = sqlglot.parse_one(str(params.get("expr", "")))
        except sqlglot.errors.SqlglotError as exc:
            raise _Skip(f"its expression does not parse ({exc})") from None
        for column in tree.find_all(exp.Column):
            if column.name not in renames:
                raise _Skip(f"its expression names '{column.name}', which is not one of its input metrics")
            column.replace(exp.column(renames[column.name]))
        return tree.sql()

    def _filtered_measure(self, measure_name: str, filters: list[str], owner: str) -> dict[str, Any]:
        """{"measure": "entity.measure"} with the filters applied: a filtered copy, or a segment."""
        home = self.measure_home.get(measure_name)
        if home is None:
            raise _Skip(f"its measure '{measure_name}' was not converted")
        reference = f"{home}.{_identifier(measure_name)}"
        if not filters:
            return {"measure": reference}
        local: list[str] = []
        remote: dict[str, list[str]] = {}
        for text in filters:
            entity, sql = self._filter_sql(text, home)
            if entity == home:
                local.append(sql)
            else:
                remote.setdefault(entity, []).append(sql)
        result: dict[str, Any] = {"measure": reference}
        if local:
            measure = dict(self.entities[home]["measures"][_identifier(measure_name)])
            measure["filter"] = _conjunction([measure.get("filter"), *local])
            copy_name = _identifier(f"{measure_name}_{owner}")
            self.entities[home]["measures"][copy_name] = measure
            result["measure"] = f"{home}.{copy_name}"
        if remote:
            segments = []
            for entity, sqls in remote.items():
                segment_name = _identifier(f"{owner}_{entity}")
                label = f"{self.dbt_metrics.get(owner, {}).get('label') or owner}: population"
                self.segments[segment_name] = {"entity": entity, "label": {"en": label},
                                               "description": f"The filter of dbt metric '{owner}'.",
                                               "filter": _conjunction(sqls)}  # fmt: skip
                segments.append(segment_name)
            result["segments"] = segments
        return result

    def _filter_sql(self, text: str, home: str) -> tuple[str, str]:
        """A dbt Jinja filter as SQL over one entity's columns, and that entity."""
        entities: set[str] = set()

        def column(match: re.Match[str]) -> str:
            ref = match["ref"]
            if ref.split("__")[-1] == "metric_time":
                raise _Skip("filters on metric_time belong to the question's time range")
            *path, attribute = ref.split("__")
            if not path:
                path = [ref]
                attribute = ""
            entity = self.by_key.get(path[-1])
            if entity is None:
                raise _Skip(f"its filter names entity '{path[-1]}', which no semantic model has as a key")
            entities.add(entity)
            view = self.views[entity]
            if match["kind"] == "Entity" or not attribute:
                return view.key_column
            dim = _identifier(attribute)
            if dim not in view.dimension_exprs:
                raise _Skip(f"its filter names '{ref}', which is not a dimension of '{entity}'")
            grain = match["grain"] or match["grain2"]
            sql = view.dimension_exprs[dim]
            sql = sql if re.fullmatch(r"\w+", sql) else f"({sql})"
            return f"date_trunc('{grain}', {sql})" if match["kind"] == "TimeDimension" and grain else sql

        sql = _FILTER_CALL.sub(column, text).strip()
        if "{{" in sql or "{%" in sql:
            raise _Skip(f"its filter uses Jinja this import does not read: {text.strip()!r}")
        if len(entities) > 1:
            raise _Skip("its filter spans several semantic models")
        entity = entities.pop() if entities else home
        if entity != home and entity not in {r["to"] for r in self.entities[home].get("relationships", [])}:
            raise _Skip(f"its filter names '{entity}', which is not joined to '{home}' by a foreign key")
        try:
            sql = sqlglot.parse_one(sql).sql()
        except sqlglot.errors.SqlglotError as exc:
            raise _Skip(f"its filter does not parse as SQL ({exc})") from None
        return entity, sql


def _conjunction(conditions: Sequence[str | None]) -> str:
    present = [c for c in conditions if c]
    return present[0] if len(present) == 1 else " AND ".join(f"({c})" for c in present)


def _input(raw: Any) -> dict[str, Any]:
    """A metric/measure input given as a name or as {name, filter, alias, …}."""
    if isinstance(raw, dict) and "name" in raw:
        return raw
    if isinstance(raw, str) and raw:
        return {"name": raw}
    raise _Skip(f"an input is missing or malformed: {raw!r}")


def _filters(raw: Any) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, list):
        return [str(item) for item in raw if item]
    return [str(raw)]
