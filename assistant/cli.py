"""`chatbi` command line. Errors become one clear line here, at the edge; heavy modules load per command."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import ChatBIError, UserInputError
from semantic_layer.errors import ModelValidationError, SemanticLayerError

if TYPE_CHECKING:
    from datetime import date

    from assistant.contracts import Answer
    from assistant.runtime import Runtime
    from semantic_layer import ModelIssue, SemanticModel, SemanticQuery
    from semantic_layer.model import LabelledText, Theme

EXIT_OK, EXIT_FAILED = 0, 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (ChatBIError, SemanticLayerError) as exc:
        return _fail(args, str(exc))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the edge: a bug still gets one line, not a traceback
        if os.environ.get("CHATBI_DEBUG"):
            raise
        return _fail(args, f"internal error ({type(exc).__name__}: {exc}); set CHATBI_DEBUG=1 to see the traceback")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--warehouse",
        help="a DuckDB file, a folder of Parquet/CSV files, or postgresql://USER@HOST/DB[?schema=S] "
        "(env CHATBI_WAREHOUSE; default: the demo warehouse; see docs/connect.md)",
    )
    common.add_argument(
        "--model", type=Path, help="semantic model YAML (env CHATBI_SEMANTIC_MODEL; default: the demo model)"
    )
    common.add_argument(
        "--as-of", help="answer as of this date, YYYY-MM-DD (env CHATBI_AS_OF; default: the warehouse's as_of)"
    )
    output = argparse.ArgumentParser(add_help=False)
    output.add_argument("--json", action="store_true", help="print the Answer JSON")
    llm = argparse.ArgumentParser(add_help=False)
    llm.add_argument("--llm", choices=["offline", "openai"],
                     help="planner and summaries: offline rules, or the OpenAI-compatible LLM (env CHATBI_LLM; "
                     "default: the LLM when OPENAI_API_KEY is set)")  # fmt: skip

    parser = argparse.ArgumentParser(
        prog="chatbi", description="Ask your customer data questions; see the SQL and the assumptions."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="the demo warehouse").add_subparsers(
        dest="demo_command", required=True, metavar="ACTION"
    )
    build = demo.add_parser("build", help="build the demo warehouse (deterministic per seed and as-of)")
    build.add_argument(
        "--scale",
        choices=["small", "large"],
        default="small",
        help="small: builds in seconds (~20k people); large: ~1M people, ~10M purchases",
    )
    build.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    build.add_argument("--as-of", help="last day of the data, YYYY-MM-DD (default: today)")
    build.add_argument(
        "--format",
        choices=["duckdb", "parquet", "postgresql"],
        default="duckdb",
        help="duckdb: one file (default); parquet: a folder of <table>.parquet; postgresql: tables in a database",
    )
    build.add_argument(
        "--path",
        help="output file, folder or postgresql:// URL (default for duckdb: the demo warehouse path, "
        "env CHATBI_DEMO_WAREHOUSE)",
    )
    build.add_argument("--no-index", action="store_true", help="skip embedding the texts for themes (chatbi index)")
    build.set_defaults(handler=_demo_build)

    for name, helptext, handler in (
        ("ask", "answer a question, or run a SemanticQuery given as JSON", _ask),
        ("explain", "show the plan and the SQL without running it", _explain),
    ):
        sub = commands.add_parser(name, parents=[common, output, llm], help=helptext)
        sub.add_argument("question", nargs="?", help="the question, in English or Chinese")
        sub.add_argument(
            "--query", type=Path, metavar="FILE.json", help="run this SemanticQuery instead of planning a question"
        )
        sub.set_defaults(handler=handler)

    sql = commands.add_parser("sql", parents=[common, output], help="check SQL with the guard and run it read-only")
    sql.add_argument("sql", help="one SELECT statement over the model's tables")
    sql.set_defaults(handler=_sql)

    themes = commands.add_parser("themes", parents=[common], help="find the themes of free texts in a CSV file")
    themes.add_argument(
        "--input", type=Path, required=True, metavar="FILE.csv", help="UTF-8 CSV file with a header row"
    )
    themes.add_argument("--text-column", required=True, metavar="COL", help="the column holding the texts")
    themes.add_argument("--taxonomy", choices=["model", "none"], default="model",
                        help="model: the semantic model's complaint taxonomy, then discovery for the rest; none: discovery only "
                             "(the model's labelled examples, when any, only teach it what tells themes apart)")  # fmt: skip
    themes.add_argument("--language", choices=["en", "zh"], default="en", help="language of theme labels")
    themes.add_argument("--json", action="store_true", help='print {"themes": [...], "assignments": [...]}')
    themes.set_defaults(handler=_themes)

    index = commands.add_parser(
        "index", parents=[common], help="embed the texts of text fields once and cache them beside the warehouse"
    )
    index.add_argument("--text-field", metavar="NAME", help="only this text field (default: every text field)")
    index.add_argument("--quiet", action="store_true", help="no progress bar")
    index.set_defaults(handler=_index)

    evaluate = commands.add_parser(
        "eval", parents=[common, output, llm], help="score the assistant on a questions file"
    )
    evaluate.add_argument(
        "file",
        type=Path,
        metavar="QUESTIONS.yml",
        help="items with question and gold_query / gold_sql / expect: abstain",
    )
    evaluate.set_defaults(handler=_eval)

    model = commands.add_parser("model", help="the semantic model").add_subparsers(
        dest="model_command", required=True, metavar="ACTION"
    )
    check = model.add_parser(
        "check", parents=[common], help="validate a semantic model file, reporting every problem with its line"
    )
    check.add_argument(
        "file", nargs="?", type=Path, help="model file (default: --model / CHATBI_SEMANTIC_MODEL / the demo model)"
    )
    check.set_defaults(handler=_model_check)
    import_dbt = model.add_parser(
        "import-dbt", help="convert a dbt MetricFlow project's semantic_models and metrics into a semantic model"
    )
    import_dbt.add_argument("directory", type=Path, metavar="DIR", help="the dbt project (or its models folder)")
    import_dbt.add_argument("--out", type=Path, metavar="FILE", help="write the model here (default: print it)")
    import_dbt.add_argument("--name", help="the model's name (default: the folder's name)")
    import_dbt.set_defaults(handler=_model_import_dbt)

    init = commands.add_parser(
        "init", help="draft a semantic model from a database: entities, keys, relationships, metrics, personal data"
    )
    init.add_argument("--warehouse", required=True, metavar="URL",
                      help="the database: a DuckDB file or duckdb:///ABS/PATH")  # fmt: skip
    init.add_argument("--out", type=Path, metavar="FILE", help="write the draft here (default: print it)")
    init.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    init.add_argument("--name", help="the model's name (default: the database file's name)")
    init.add_argument("--sample-rows", type=_positive, default=50_000, metavar="N",
                      help="profile at most N rows per table (default 50,000)")  # fmt: skip
    init.set_defaults(handler=_init)

    serve = commands.add_parser(
        "serve", parents=[common, llm], help="run the chat UI, the embeddable widget and the JSON API"
    )
    serve.add_argument("--host", help="address to listen on (env CHATBI_HOST; default 127.0.0.1)")
    serve.add_argument("--port", type=_port, help="port to listen on (env CHATBI_PORT; default 7860)")
    serve.set_defaults(handler=_serve)
    return parser


def _runtime(args: argparse.Namespace) -> Runtime:
    from assistant.runtime import Runtime
    from assistant.settings import load_settings

    settings = load_settings(
        warehouse=getattr(args, "warehouse", None),
        semantic_model=getattr(args, "model", None),
        as_of=getattr(args, "as_of", None),
        llm=getattr(args, "llm", None),
    )
    target = settings.warehouse_target
    if settings.warehouse is not None and not target.exists():
        what = "data folder" if target.kind == "files" else "warehouse file"
        raise UserInputError(f"No {what} at {target.location}.")
    return Runtime(settings)


def _demo_build(args: argparse.Namespace) -> int:
    from datetime import date

    from assistant.demo_data import build_demo_warehouse
    from assistant.settings import load_settings
    from semantic_layer.errors import TimeExpressionError
    from semantic_layer.time_phrases import parse_date

    settings = load_settings()
    try:
        as_of = parse_date(args.as_of) if args.as_of else None
    except TimeExpressionError as exc:
        raise UserInputError(f"--as-of: {exc}") from None
    where = args.path
    if args.format == "duckdb":
        report = build_demo_warehouse(
            Path(where) if where else settings.demo_warehouse,
            scale=args.scale,
            seed=args.seed,
            as_of=as_of or date.today(),
        )
        where = location = str(report.path)
    else:
        from assistant.demo_data.export import build_demo_elsewhere
        from assistant.engines import parse_target

        if not where:
            raise UserInputError(f"--format {args.format} needs --path (a folder or a postgresql:// URL).")
        target = parse_target(where)
        if (args.format == "postgresql") != (target.kind == "postgresql"):
            raise UserInputError(f"--format {args.format} does not match --path {target.redacted()}.")
        report = build_demo_elsewhere(
            args.format, target.location, scale=args.scale, seed=args.seed, as_of=as_of or date.today()
        )
        where, location = target.redacted(), target.location if target.is_local else where
    counts = ", ".join(f"{table} {rows:,}" for table, rows in report.row_counts.items())
    print(
        f"Built {where} ({report.scale}, seed {report.seed}, as of {report.as_of}) in {report.seconds:.1f} s: {counts}"
    )
    if not args.no_index:
        from assistant.runtime import Runtime
        from assistant.themes.indexing import index_text_fields

        runtime = Runtime(settings.model_copy(update={"warehouse": location}))
        for indexed in index_text_fields(runtime):
            print(f"Indexed {indexed.field}: {indexed.texts:,} texts in {indexed.seconds:.1f} s ({indexed.folder})")
    return EXIT_OK


def _ask(args: argparse.Namespace) -> int:
    return _answer(args, execute=True)


def _explain(args: argparse.Namespace) -> int:
    return _answer(args, execute=False)


def _answer(args: argparse.Namespace, *, execute: bool) -> int:
    from assistant.pipeline import direct_plan, final_answer, run_plan, run_question

    if (args.question is None) == (args.query is None):
        raise UserInputError("Give either a question or --query FILE.json.")
    runtime = _runtime(args)
    if args.query is not None:
        events = run_plan(runtime, direct_plan(_read_query(args.query)), execute=execute)
    else:
        question = _clean_question(args.question, runtime.settings.max_question_chars)
        events = run_question(runtime, question, execute=execute)
    return _print_answer(args, final_answer(events), show_sql=not execute)


def _sql(args: argparse.Namespace) -> int:
    from assistant.pipeline import run_sql

    answer = run_sql(_runtime(args), args.sql)
    return _print_answer(args, answer, show_sql=False)


def _themes(args: argparse.Namespace) -> int:
    from assistant.themes import themes_for_file

    taxonomy: Sequence[Theme] | None = None
    labelled: Sequence[LabelledText] = []
    if args.taxonomy == "model":
        model = _runtime(args).model
        fields = [field for field in model.text_fields.values() if field.taxonomy]
        if not fields:
            raise UserInputError("The semantic model has no text field with a taxonomy; use --taxonomy none.")
        taxonomy, labelled = fields[0].taxonomy, fields[0].labelled_examples
    else:
        labelled = _discovery_examples(args)
    from assistant.themes.engine import embedder_for
    from assistant.themes.indexing import ProgressBar

    settings = _runtime(args).settings
    result = themes_for_file(
        args.input, args.text_column, taxonomy=taxonomy, labelled=labelled, language=args.language,
        embedder=embedder_for(settings), progress=ProgressBar(f"Embedding {args.input.name}"),
    )  # fmt: skip
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        from assistant.text_output import render_themes

        print(render_themes(result["themes"]))
    return EXIT_OK


def _discovery_examples(args: argparse.Namespace) -> Sequence[LabelledText]:
    """For `--taxonomy none`: the labelled examples of the model's text field, when a model loads; they assign
    nothing, they teach discovery what tells themes apart (assistant/themes/metric.py)."""
    try:
        model = _runtime(args).model
    except (ChatBIError, SemanticLayerError):
        return []
    return next((field.labelled_examples for field in model.text_fields.values() if field.labelled_examples), [])


def _index(args: argparse.Namespace) -> int:
    from assistant.themes.indexing import index_text_fields

    names = [args.text_field] if args.text_field else None
    for report in index_text_fields(_runtime(args), names, show_progress=not args.quiet):
        print(
            f"{report.field}: {report.texts:,} distinct texts, {report.embedded:,} newly embedded in "
            f"{report.seconds:.1f} s ({report.model}); cache {report.folder} ({report.disk_bytes / 1e6:.1f} MB)"
        )
    return EXIT_OK


def _eval(args: argparse.Namespace) -> int:
    from assistant.evaluation import render_report, run_eval

    report = run_eval(args.file, _runtime(args))
    print(report.model_dump_json(indent=2) if args.json else render_report(report))
    return EXIT_OK


def _model_check(args: argparse.Namespace) -> int:
    from semantic_layer import load_model

    runtime = _runtime(args)
    path = args.file or runtime.settings.semantic_model
    try:
        model = load_model(path, as_of=runtime.settings.as_of)
    except ModelValidationError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    live = ""
    if runtime.settings.warehouse is not None:  # given or configured: check the model against the data too
        issues = _live_issues(model, path, str(runtime.settings.warehouse), runtime.settings.as_of)
        if issues:
            print(
                str(ModelValidationError(issues)).replace("in the semantic model", "against the warehouse"),
                file=sys.stderr,
            )
            return EXIT_FAILED
        live = f" It matches the warehouse {runtime.settings.warehouse}."
    visible = [m for m in model.metrics.values() if not m.hidden]
    print(
        f"OK {path}: model '{model.name}' with {len(model.entities)} entities, {len(visible)} metrics "
        f"(+{len(model.metrics) - len(visible)} building blocks), {len(model.segments)} segments, "
        f"{len(model.text_fields)} text fields, {len(model.verified_queries)} verified queries.{live}"
    )
    return EXIT_OK


def _live_issues(model: SemanticModel, path: Path, warehouse: str, as_of: date | None) -> list[ModelIssue]:
    from assistant.modeling import open_introspector
    from assistant.modeling.live_check import check_against_warehouse
    from semantic_layer.yaml_source import load_yaml_source

    db = open_introspector(warehouse)
    return check_against_warehouse(
        model, load_yaml_source(path), db, as_of=as_of, progress=lambda message: print(message, file=sys.stderr)
    )


def _model_import_dbt(args: argparse.Namespace) -> int:
    from semantic_layer.dbt_import import import_dbt_project, render_model_yaml

    result = import_dbt_project(args.directory, name=args.name)
    text = render_model_yaml(result)
    model = result.model
    hidden = sum(1 for metric in model["metrics"].values() if metric.get("hidden"))
    print(
        f"Converted {len(result.sources)} files: {len(model['entities'])} entities, "
        f"{len(model['metrics']) - hidden} metrics (+{hidden} building blocks), {len(model.get('segments', {}))} "
        f"segments; {len(result.skipped)} not converted.",
        file=sys.stderr,
    )
    for line in result.skipped:
        print(f"  not converted: {line}", file=sys.stderr)
    return _emit_model(text, args.out)


def _emit_model(text: str, out: Path | None) -> int:
    """A drafted or converted model: printed, or written atomically to `out` and loaded back to say whether
    it passes `chatbi model check` as it is."""
    from semantic_layer import load_model

    if out is None:
        print(text, end="")
        return EXIT_OK
    _write_atomically(out, text)
    try:
        load_model(out)
    except ModelValidationError as exc:
        print(f"Wrote {out}, but it needs edits:\n{exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"Wrote {out}; it passes `chatbi model check`.", file=sys.stderr)
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    import time

    from assistant.engines.base import redact_url as redacted
    from assistant.modeling import default_name, open_introspector
    from assistant.modeling.draft import draft_model
    from assistant.modeling.render import render_yaml

    if args.out is not None and args.out.exists() and not args.force:
        raise UserInputError(f"{args.out} already exists; choose another --out or add --force to overwrite it.")
    start = time.perf_counter()
    db = open_introspector(args.warehouse)
    name = args.name or default_name(args.warehouse)
    draft = draft_model(
        db, name=name, source=redacted(args.warehouse), sample_rows=args.sample_rows,
        progress=lambda message: print(message, file=sys.stderr),
    )  # fmt: skip
    header = [
        f"Drafted by `chatbi init --warehouse {redacted(args.warehouse)}`. Every guess has its evidence in a comment:",
        "review them, add segments, ratio metrics, Chinese labels (zh falls back to en) and themes,",
        "then run `chatbi model check --warehouse ...`.",
        *[f"not drafted: {line}" for line in draft.skipped],
    ]
    text = render_yaml(draft.data, draft.comments, header)
    entities, metrics = len(draft.data["entities"]), len(draft.data["metrics"])
    fields = len(draft.data.get("text_fields", {}))
    summary = (
        f"Drafted {entities} entities, {metrics} metrics, {fields} text fields in {time.perf_counter() - start:.1f} s."
    )
    print(summary, file=sys.stderr)
    return _emit_model(text, args.out)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"invalid number {text!r}: expected a whole number of at least 1")
    return int(text)


def _write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same folder: never half-written."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as tmp:
            tmp.write(text)
        Path(tmp.name).replace(path)
    except OSError as exc:
        raise UserInputError(f"Cannot write {path}: {exc}") from None


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"invalid port {text!r}: expected a number from 1 to 65535")
    return int(text)


def _serve(args: argparse.Namespace) -> int:
    from assistant.ui.server import serve

    overrides = {name: value for name, value in (("host", args.host), ("port", args.port)) if value is not None}
    serve(_runtime(args).settings.model_copy(update=overrides))
    return EXIT_OK


def _read_query(path: Path) -> SemanticQuery:
    from pydantic import ValidationError

    from semantic_layer import SemanticQuery

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserInputError(f"No query file at {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserInputError(f"Cannot read {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise UserInputError(f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).") from None
    try:
        return SemanticQuery.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'query'}: {e['msg']}" for e in exc.errors())
        raise UserInputError(f"{path} is not a valid SemanticQuery: {problems}") from None


def _clean_question(question: str, max_chars: int) -> str:
    text = question.strip()
    if not text:
        raise UserInputError("The question is empty.")
    if len(text) > max_chars:
        raise UserInputError(f"The question is {len(text):,} characters long; the limit is {max_chars:,}.")
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
        raise UserInputError("The question contains control characters or binary data.")
    return text


def _print_answer(args: argparse.Namespace, answer: Answer, *, show_sql: bool) -> int:
    if getattr(args, "json", False):
        print(answer.model_dump_json(indent=2))
    else:
        from assistant.text_output import render_answer

        print(render_answer(answer, show_sql=show_sql))
    return EXIT_OK if answer.status in ("answered", "clarify", "unsupported") else EXIT_FAILED


def _fail(args: argparse.Namespace, message: str) -> int:
    if getattr(args, "json", False):
        from assistant.contracts import Answer

        question: Any = getattr(args, "question", None) or getattr(args, "sql", None) or ""
        print(Answer(question=str(question), status="error", message=message).model_dump_json(indent=2))
    print(f"error: {message}", file=sys.stderr)
    return EXIT_FAILED
