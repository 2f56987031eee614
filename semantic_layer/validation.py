"""Cross-reference checks of a structurally valid model; every problem is reported with its line."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import sqlglot
from sqlglot import exp

from semantic_layer.compiler import compile_query
from semantic_layer.compiler.fragments import parse_fragment
from semantic_layer.errors import ModelIssue, QueryError, TimeExpressionError, did_you_mean
from semantic_layer.model import DerivedMetric, Entity, RatioMetric, SemanticModel, SimpleMetric, Theme
from semantic_layer.query import TimeRange
from semantic_layer.time_phrases import resolve_time_phrase
from semantic_layer.yaml_source import PathKey, YamlSource

Problem = tuple[PathKey, str]


def validate_model(model: SemanticModel, source: YamlSource, as_of: date) -> list[ModelIssue]:
    problems = [
        *_entities(model),
        *_segments(model),
        *_metrics(model),
        *_text_fields(model),
    ]
    if not problems:  # verified queries compile only against a consistent model
        problems += list(_verified_queries(model, as_of))
        problems += list(_overview(model, as_of))
    return [source.issue(path, message) for path, message in problems]


def _sql(path: PathKey, sql: str | None) -> Iterator[Problem]:
    if sql is None:
        return
    try:
        parse_fragment(sql)
    except sqlglot.errors.SqlglotError as exc:
        yield path, f"invalid SQL {sql!r}: {str(exc).splitlines()[0]}"
        return
    if any(column.table for column in parse_fragment(sql).find_all(exp.Column)):
        # Qualifiers would bypass the compiler's aliasing (and could name tables the model hides).
        yield path, f"write columns unqualified in {sql!r}; the compiler qualifies them"


def _time_dimension(entity: Entity, name: str | None, path: PathKey) -> Iterator[Problem]:
    if name is None:
        return
    dim = entity.dimensions.get(name)
    if dim is None:
        yield path, f"unknown dimension '{name}'.{did_you_mean(name, entity.dimensions)}"
    elif dim.type != "time":
        yield path, f"'{name}' is not a time dimension"


def _entities(model: SemanticModel) -> Iterator[Problem]:
    tables: dict[str, str] = {}
    for name, entity in model.entities.items():
        base: PathKey = ("entities", name)
        if entity.table in tables:
            yield (*base, "table"), f"table '{entity.table}' is already used by entity '{tables[entity.table]}'"
        tables[entity.table] = name
        for column in entity.record_columns:
            if column not in entity.dimensions:
                yield (
                    (*base, "record_columns"),
                    f"unknown dimension '{column}'.{did_you_mean(column, entity.dimensions)}",
                )
            elif entity.dimensions[column].pii:
                yield (*base, "record_columns"), f"'{column}' is personal data and cannot be listed"
        if entity.primary_key not in entity.dimensions:
            yield (*base, "primary_key"), f"primary key '{entity.primary_key}' must be one of the entity's dimensions"
        yield from _time_dimension(entity, entity.default_time_dimension, (*base, "default_time_dimension"))
        for dim_name, dim in entity.dimensions.items():
            yield from _sql((*base, "dimensions", dim_name, "expr"), dim.expr)
            unknown = set(dim.value_synonyms) - set(dim.sample_values)
            if dim.exhaustive and unknown:
                yield (
                    (*base, "dimensions", dim_name, "value_synonyms"),
                    f"synonyms for values not in sample_values: {sorted(unknown)}",
                )
        for measure_name, measure in entity.measures.items():
            at: PathKey = (*base, "measures", measure_name)
            for key in ("expr", "filter", "having"):
                yield from _sql((*at, key), getattr(measure, key))
            if measure.expr is None and measure.agg != "count":
                yield at, f"a '{measure.agg}' measure needs an expr"
            if (measure.per is None) != (measure.having is None):
                yield at, "'per' and 'having' go together"
            if measure.per is not None and measure.per not in entity.dimensions:
                yield (*at, "per"), f"unknown dimension '{measure.per}'"
            yield from _time_dimension(entity, measure.agg_time_dimension, (*at, "agg_time_dimension"))
            if (
                measure.agg_time_dimension is None
                and entity.default_time_dimension is None
                and not measure.period_start_state
            ):
                yield at, "needs agg_time_dimension (the entity has no default_time_dimension)"
            if measure.period_start_state is not None:
                yield from _time_dimension(
                    entity, measure.period_start_state.start, (*at, "period_start_state", "start")
                )
                yield from _time_dimension(entity, measure.period_start_state.end, (*at, "period_start_state", "end"))
        for index, rel in enumerate(entity.relationships):
            if rel.to not in model.entities:
                yield (
                    (*base, "relationships", index, "to"),
                    f"unknown entity '{rel.to}'.{did_you_mean(rel.to, model.entities)}",
                )


def _segments(model: SemanticModel) -> Iterator[Problem]:
    for name, segment in model.segments.items():
        base: PathKey = ("segments", name)
        if segment.entity not in model.entities:
            yield (*base, "entity"), f"unknown entity '{segment.entity}'.{did_you_mean(segment.entity, model.entities)}"
            continue
        yield from _sql((*base, "filter"), segment.filter)
        yield from _time_dimension(model.entities[segment.entity], segment.time_dimension, (*base, "time_dimension"))
        if segment.compare_with is not None and segment.compare_with not in model.segments:
            yield (
                (*base, "compare_with"),
                f"unknown segment '{segment.compare_with}'.{did_you_mean(segment.compare_with, model.segments)}",
            )
        for key in ("exists", "not_exists"):
            condition = getattr(segment, key)
            if condition is None:
                continue
            related = model.entities.get(condition.entity)
            if related is None:
                yield (*base, key, "entity"), f"unknown entity '{condition.entity}'"
                continue
            yield from _sql((*base, key, "filter"), condition.filter)
            if condition.last_days is not None and related.default_time_dimension is None:
                yield (*base, key, "last_days"), f"entity '{condition.entity}' has no default_time_dimension"


def _metrics(model: SemanticModel) -> Iterator[Problem]:
    for name, metric in model.metrics.items():
        base: PathKey = ("metrics", name)
        if isinstance(metric, SimpleMetric):
            try:
                model.measure(metric.measure)
            except QueryError as exc:
                yield (*base, "measure"), exc.problems[0]
            for segment in metric.segments:
                if segment not in model.segments:
                    yield (*base, "segments"), f"unknown segment '{segment}'.{did_you_mean(segment, model.segments)}"
            continue
        if isinstance(metric, RatioMetric):
            references = [("numerator", metric.numerator), ("denominator", metric.denominator)]
        else:
            yield from _sql((*base, "expr"), metric.expr)
            references = [("expr", c.name) for c in _columns(metric)]
        for key, reference in references:
            if reference not in model.metrics:
                yield (*base, key), f"unknown metric '{reference}'.{did_you_mean(reference, model.metrics)}"
        if _cycles(model, name, ()):
            yield base, "the metric refers to itself through its inputs"


def _columns(metric: DerivedMetric) -> list[exp.Column]:
    try:
        return list(parse_fragment(metric.expr).find_all(exp.Column))
    except sqlglot.errors.SqlglotError:
        return []


def _cycles(model: SemanticModel, name: str, trail: tuple[str, ...]) -> bool:
    if name in trail:
        return True
    metric = model.metrics.get(name)
    if metric is None or isinstance(metric, SimpleMetric):
        return False
    inputs = (
        [metric.numerator, metric.denominator]
        if isinstance(metric, RatioMetric)
        else [c.name for c in _columns(metric)]
    )
    return any(_cycles(model, child, (*trail, name)) for child in inputs)


def _text_fields(model: SemanticModel) -> Iterator[Problem]:
    for name, field in model.text_fields.items():
        base: PathKey = ("text_fields", name)
        entity = model.entities.get(field.entity)
        if entity is None:
            yield (*base, "entity"), f"unknown entity '{field.entity}'.{did_you_mean(field.entity, model.entities)}"
            continue
        for key in ("expr", "filter", "language_expr", "author_expr"):
            yield from _sql((*base, key), getattr(field, key))
        yield from _time_dimension(entity, field.time_dimension, (*base, "time_dimension"))
        seen: set[str] = set()
        for index, theme in enumerate(field.taxonomy):
            if theme.id in seen:
                yield (*base, "taxonomy", index, "id"), f"duplicate theme id '{theme.id}'"
            seen.add(theme.id)
            yield from _theme(theme, (*base, "taxonomy", index))


MAX_THEME_EXAMPLES = 20  # per language: inline examples describe a theme; a training set goes in `examples_file`


def _theme(theme: Theme, base: PathKey) -> Iterator[Problem]:
    """A theme needs something to be recognised by; its examples are short non-empty texts."""
    described = theme.description.en.strip() or theme.description.zh.strip()
    if not (described or theme.examples.en or theme.examples.zh or theme.keywords.en or theme.keywords.zh):
        yield (*base, "id"), f"theme '{theme.id}' has no description, examples or keywords to recognise it by"
    for language in ("en", "zh"):
        examples: list[str] = getattr(theme.examples, language)
        if len(examples) > MAX_THEME_EXAMPLES:
            yield (*base, "examples", language), f"more than {MAX_THEME_EXAMPLES} examples; keep the typical ones"
        for position, example in enumerate(examples):
            if not example.strip():
                yield (*base, "examples", language, position), "empty example"


def _verified_queries(model: SemanticModel, as_of: date) -> Iterator[Problem]:
    for index, verified in enumerate(model.verified_queries):
        base: PathKey = ("verified_queries", index)
        query = verified.query
        if verified.time_phrase is not None:
            try:
                resolved = resolve_time_phrase(verified.time_phrase, as_of)
            except TimeExpressionError as exc:
                yield (*base, "time_phrase"), str(exc)
                continue
            time_range = TimeRange(
                field=verified.time_field, start=resolved.start, end=resolved.end, label=resolved.label
            )
            query = query.model_copy(update={"time_range": time_range})
        try:
            compile_query(model, query, as_of=as_of)
        except QueryError as exc:
            for problem in exc.problems:
                yield (*base, "query"), problem


def _overview(model: SemanticModel, as_of: date) -> Iterator[Problem]:
    if model.overview is None:
        return
    for index, name in enumerate(model.overview.metrics):
        if name not in model.metrics:
            yield ("overview", "metrics", index), f"unknown metric '{name}'.{did_you_mean(name, model.metrics)}"
    try:
        resolve_time_phrase(model.overview.time, as_of)
    except TimeExpressionError as exc:
        yield ("overview", "time"), str(exc)
