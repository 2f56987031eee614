"""`chatbi init`: profile every table, then draft entities, keys, relationships, dimensions, measures,
metrics and text fields, each guess with the evidence for it (rendered as a YAML comment)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlglot import exp

from assistant.modeling import guesses, naming
from assistant.modeling.introspect import Introspector, Table
from assistant.modeling.profile import ColumnProfile, Progress, TableProfile, included_share, profile_table
from semantic_layer.yaml_source import PathKey

DEFAULT_SAMPLE_ROWS = 50_000
MAX_RECORD_COLUMNS = 8
INCLUSION_SHARE = 0.99  # share of a column's sampled values found in another table's key to call it a reference


@dataclass
class Draft:
    data: dict[str, Any]
    comments: dict[PathKey, list[str]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def note(self, path: PathKey, text: str) -> None:
        self.comments.setdefault(path, []).append(text)


@dataclass
class _Entity:
    name: str
    profile: TableProfile
    key: str
    time: str | None = None
    text_columns: list[str] = field(default_factory=list)


def draft_model(db: Introspector, *, name: str, source: str, sample_rows: int = DEFAULT_SAMPLE_ROWS,
                progress: Progress = lambda _: None, today: date | None = None) -> Draft:  # fmt: skip
    tables = db.catalog()
    draft = Draft(
        data={
            "name": naming.model_name(name),
            "description": f"Drafted by chatbi init from {source} on {(today or date.today()).isoformat()}.",
            "locale": {"currency": "CNY", "languages": ["en", "zh"]},
            "entities": {},
            "metrics": {},
        }
    )
    draft.note(("locale", "currency"), "guessed: the database does not say; set your ISO 4217 code (USD, EUR...)")
    entities: dict[str, _Entity] = {}
    for index, table in enumerate(tables, 1):
        progress(f"[{index}/{len(tables)}] profiling {table.name}")
        profile = profile_table(db, table, sample_rows=sample_rows)
        entity = _entity(draft, profile, taken=set(entities))
        if entity is not None:
            entities[entity.name] = entity
    progress("checking relationships")
    for entity in entities.values():
        _relationships(db, draft, entity, entities, sample_rows)
    _metrics(draft, entities)
    _text_fields(draft, entities)
    return draft


def _entity(draft: Draft, profile: TableProfile, taken: set[str]) -> _Entity | None:
    table = profile.table
    key, evidence = _primary_key(profile)
    if key is None:
        draft.skipped.append(f"table {table.name}: {evidence}")
        return None
    name = naming.entity_name(table.name)
    while name in taken:
        name += "_table"
    entity = _Entity(name, profile, key)
    base: PathKey = ("entities", name)
    draft.note(base, f"table {table.name}: {profile.rows:,} rows")
    draft.note((*base, "primary_key"), evidence)
    dimensions: dict[str, Any] = {}
    plural = naming.plural_name(name)
    body: dict[str, Any] = {
        "table": table.name,
        "primary_key": naming.model_name(key),
        "label": _label(naming.label(name), naming.chinese(name)),
        "synonyms": sorted({naming.words(name), naming.words(plural)} - {name}),
    }
    for column in table.columns:
        column_profile = profile.columns.get(column.name)
        if column_profile is None:
            draft.skipped.append(f"{table.name}.{column.name}: type {column.type} is not supported")
            continue
        text = guesses.free_text(column_profile)
        if text.yes and column.name != key:
            entity.text_columns.append(column.name)
            continue
        dim_name = naming.model_name(column.name)
        dimensions[dim_name] = _dimension(draft, (*base, "dimensions", dim_name), column_profile, profile, key)
    times = [c for c in table.columns if c.kind == "time" and c.name in profile.columns]
    if times:
        best = max(times, key=lambda c: profile.columns[c.name].non_null)  # max keeps the first of equals
        entity.time = naming.model_name(best.name)
        body["default_time_dimension"] = entity.time
        filled = profile.columns[best.name].non_null
        draft.note(
            (*base, "default_time_dimension"),
            f"the time column filled most often ({filled:,} non-null {profile.scope}); metrics count by it",
        )
    listed = [d for d, dim in dimensions.items() if not dim.get("pii")][:MAX_RECORD_COLUMNS]
    if listed:
        body["record_columns"] = listed
        draft.note((*base, "record_columns"), "shown when rows are listed ('list the latest ...'); never personal data")
    body["dimensions"] = dimensions
    draft.data["entities"][name] = body
    return entity


def _label(english: str, chinese: str | None) -> dict[str, str]:
    return {"en": english, "zh": chinese} if chinese else {"en": english}


def _primary_key(profile: TableProfile) -> tuple[str | None, str]:
    table = profile.table
    if len(table.primary_key) == 1:
        return table.primary_key[0], f"declared primary key {table.primary_key[0]}"
    if len(table.primary_key) > 1:
        return None, f"its primary key has {len(table.primary_key)} columns; add it by hand with a single key"
    if profile.rows == 0:
        return None, "empty table; nothing to profile"
    stem = naming.entity_name(table.name)
    named = [c.name for c in table.columns if guesses.key_named(c.name) and c.kind in ("string", "integer")]
    preferred = sorted(named, key=lambda n: (n.lower() not in ("id", f"{stem}_id", f"{table.name.lower()}_id"),))
    for candidate in preferred:
        if profile.is_unique_key(candidate):
            return candidate, f"unique and non-null {profile.scope}, named like a key"
    return None, "no column is unique, non-null and named like a key; add an entity by hand if it needs one"


def _dimension(draft: Draft, path: PathKey, profile: ColumnProfile, table: TableProfile, key: str) -> dict[str, Any]:
    column = profile.column
    body: dict[str, Any] = {}
    if column.kind == "time":
        body["type"] = "time"
    elif column.kind == "boolean":
        body["type"] = "boolean"
    elif column.kind in ("integer", "decimal", "float") and not guesses.key_named(column.name):
        body["type"] = "number"
    else:
        body["type"] = "categorical"
    dim_name = path[-1]
    if dim_name != column.name:
        body["expr"] = exp.column(column.name, quoted=True).sql(dialect="duckdb")
    body["label"] = _label(naming.label(str(dim_name)), naming.chinese(str(dim_name)))
    if column.name == key:
        draft.note(path, "the primary key")
    pii = guesses.personal(profile, table)
    if pii.yes:
        body["pii"] = True
        draft.note((*path, "pii"), f"personal data: {pii.why}; never output")
        return body
    if body["type"] == "categorical" and guesses.listed_values(profile):
        body["sample_values"] = [value for value, _ in profile.top_values]
        # One- and two-letter values ('A') are too short to find alone in a question: 'tier A' finds them.
        short = {
            value: [f"{naming.words(str(dim_name))} {value}"] for value in body["sample_values"] if len(value) <= 2
        }
        if short:
            body["value_synonyms"] = short
        draft.note(
            (*path, "sample_values"),
            f"{profile.distinct} distinct values {table.scope}, most frequent first",
        )
    nulls = table.sampled - profile.non_null
    if nulls and table.sampled:
        draft.note(path, f"empty in {nulls / table.sampled:.0%} of rows")
    return body


def _relationships(
    db: Introspector, draft: Draft, entity: _Entity, entities: dict[str, _Entity], sample_rows: int
) -> None:
    table = entity.profile.table
    found: list[dict[str, Any]] = []
    base: PathKey = ("entities", entity.name, "relationships")
    declared = {fk.columns[0]: fk for fk in table.foreign_keys if len(fk.columns) == 1}
    for column in table.columns:
        if column.name == entity.key or column.name not in entity.profile.columns:
            continue
        fk = declared.get(column.name)
        for parent in entities.values():
            if parent is entity:
                continue
            remote = _references(column.name, fk, parent)
            if remote is None or parent.profile.table.column(remote) is None:
                continue
            local = entity.profile.columns[column.name]
            if fk is not None:
                evidence = f"declared foreign key {column.name} -> {parent.profile.table.name}.{remote}"
            else:
                if table.column(column.name) is None or not _comparable(
                    table, column.name, parent.profile.table, remote
                ):
                    continue
                present, total = included_share(db, table, column.name, parent.profile.table, remote, sample_rows)
                if total == 0 or present / total < INCLUSION_SHARE:
                    continue
                evidence = (
                    f"named like {parent.profile.table.name}.{remote}; {present / total:.1%} of {total:,} "
                    f"non-null sampled values found there"
                )
            unique = local.distinct == local.non_null
            kind = "one_to_one" if unique else "many_to_one"
            why = "each value once" if unique else f"{local.distinct:,} distinct values repeat"
            draft.note((*base, len(found)), f"{evidence}; {why} -> {kind}")
            found.append(
                {"to": parent.name, "type": kind, "local_key": naming.model_name(column.name),
                 "remote_key": naming.model_name(remote)}
            )  # fmt: skip
            break
    if found:
        draft.data["entities"][entity.name]["relationships"] = found


def _references(column: str, fk: Any, parent: _Entity) -> str | None:
    """The parent's column `column` refers to: the declared one, else the parent's key by name."""
    if fk is not None:
        return str(fk.remote_columns[0]) if fk.table == parent.profile.table.name and fk.remote_columns else None
    key = parent.key.lower()
    name = column.lower()
    stems = {parent.name, naming.model_name(parent.profile.table.name)}
    if name == key and key != "id":
        return parent.key
    if any(name in (f"{stem}_{key}", f"{stem}_id") for stem in stems):
        return parent.key
    return None


def _comparable(child: Table, column: str, parent: Table, key: str) -> bool:
    left, right = child.column(column), parent.column(key)
    if left is None or right is None:
        return False
    numeric = ("integer", "decimal")
    return left.kind == right.kind or (left.kind in numeric and right.kind in numeric)


def _metrics(draft: Draft, entities: dict[str, _Entity]) -> None:
    metrics: dict[str, Any] = draft.data["metrics"]
    money_columns: dict[str, int] = {}
    for entity in entities.values():
        for profile in entity.profile.columns.values():
            if guesses.money_like(profile).yes:
                money_columns[profile.name] = money_columns.get(profile.name, 0) + 1
    for entity in entities.values():
        body = draft.data["entities"][entity.name]
        base: PathKey = ("entities", entity.name, "measures")
        if entity.time is None:
            draft.skipped.append(
                f"entity {entity.name}: no time column, so no measures drafted (a measure needs a time dimension)"
            )
            continue
        measures: dict[str, Any] = {"row_count": {"agg": "count", "description": f"Rows of {entity.profile.name}."}}
        plural = naming.plural_name(entity.name)
        count_name = plural if plural not in metrics else f"{plural}_count"
        noun = naming.chinese(entity.name)
        synonyms = [
            f"number of {naming.words(plural)}",
            f"{naming.words(entity.name)} count",
            f"new {naming.words(plural)}",
        ]
        if noun:
            synonyms += [f"{noun}数量", f"{noun}量", f"新增{noun}", f"新{noun}"]
        metrics[count_name] = {
            "type": "simple",
            "measure": f"{entity.name}.row_count",
            "label": _label(naming.label(plural), f"{noun}数" if noun else None),
            "description": f"Rows of {entity.profile.name}, dated by {entity.time}.",
            "synonyms": synonyms,
            "format": "integer",
        }
        draft.note(
            ("metrics", count_name),
            f"counts the rows of {entity.profile.name}, dated by {entity.time} (so 'new {naming.words(plural)}' too)",
        )
        for profile in entity.profile.columns.values():
            if profile.column.kind not in ("integer", "decimal", "float") or guesses.key_named(profile.name):
                continue
            if guesses.personal(profile, entity.profile).yes:
                continue
            column = naming.model_name(profile.name)
            money = guesses.money_like(profile)
            shared = money_columns.get(profile.name, 0) > 1
            if money.yes:
                measure, agg, fmt = f"total_{column}", "sum", "currency"
                metric = f"total_{entity.name}_{column}" if shared else f"total_{column}"
                words = naming.words(f"{entity.name}_{column}" if shared else column)
                zh = naming.chinese(f"{entity.name}_{column}" if shared else column)
                label, synonyms = f"Total {words}", [words, f"sum of {words}"]
                label_zh, synonyms = (f"总{zh}" if zh else None), synonyms + ([zh] if zh else [])
                description = f"Sum of {profile.name} over {entity.profile.name}."
                why = f"sum: {money.why}"
            else:
                measure, agg, fmt = f"avg_{column}", "avg", "number"
                metric = f"avg_{entity.name}_{column}" if profile.name in _other_numbers(entities, entity) else measure
                words = naming.words(column)
                zh = naming.chinese(column)
                label, synonyms = f"Average {words}", [f"mean {words}", f"avg {words}"]
                label_zh = f"平均{zh}" if zh else None
                description = f"Average of {profile.name} over {entity.profile.name} (empty values left out)."
                why = (
                    f"average: a number that is not a key ({profile.column.type}, {profile.minimum}..{profile.maximum})"
                )
            expr = column if column == profile.name else exp.column(profile.name, quoted=True).sql(dialect="duckdb")
            measures[measure] = {"agg": agg, "expr": expr}
            metrics[metric] = {"type": "simple", "measure": f"{entity.name}.{measure}",
                               "label": _label(label, label_zh), "description": description,
                               "synonyms": synonyms, "format": fmt}  # fmt: skip
            draft.note(("metrics", metric), why)
        body["measures"] = measures
        draft.note(base, f"dated by {entity.time} unless a measure says otherwise")


def _other_numbers(entities: dict[str, _Entity], entity: _Entity) -> set[str]:
    """Numeric column names that another entity has too (their metrics get the entity in their name)."""
    return {
        name
        for other in entities.values()
        if other is not entity
        for name, profile in other.profile.columns.items()
        if profile.column.kind in ("integer", "decimal", "float")
    }


def _text_fields(draft: Draft, entities: dict[str, _Entity]) -> None:
    fields: dict[str, Any] = {}
    for entity in entities.values():
        body = draft.data["entities"][entity.name]
        authors = [rel["local_key"] for rel in body.get("relationships", []) if rel["type"] == "many_to_one"]
        languages = [
            name for name, dim in body["dimensions"].items()
            if name in ("language", "lang", "locale") and dim.get("sample_values")
        ]  # fmt: skip
        for column in entity.text_columns:
            name = f"{entity.name}_{naming.model_name(column)}"
            field_body: dict[str, Any] = {
                "entity": entity.name,
                "expr": exp.column(column, quoted=column != naming.model_name(column)).sql(dialect="duckdb"),
                "label": _label(naming.label(name), naming.chinese(name)),
                "synonyms": sorted({naming.words(column), naming.words(naming.plural_name(column))}),
                "count_column": naming.plural_name(naming.model_name(column)),
            }
            if entity.time:
                field_body["time_dimension"] = entity.time
            if authors:
                field_body["author_expr"] = authors[0]
            if languages:
                field_body["language_expr"] = languages[0]
            field_body["filter"] = f"{column} IS NOT NULL" if column == naming.model_name(column) else None
            if field_body["filter"] is None:
                del field_body["filter"]
            field_body["taxonomy"] = []
            fields[name] = field_body
            profile = entity.profile.columns[column]
            why = guesses.free_text(profile).why
            draft.note(("text_fields", name), f"{why} {entity.profile.scope}")
            draft.note(("text_fields", name, "taxonomy"), "fill in themes: id, label, keywords {en, zh}")
    if fields:
        draft.data["text_fields"] = fields
