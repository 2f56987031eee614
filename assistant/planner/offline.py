"""The offline planner: question (+ chat history) -> Plan, using only the semantic model's vocabulary.

When unsure it asks back (clarify) or declines (unsupported) with suggestions: a wrong number is worse
than a question back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from assistant.contracts import Language, Plan, Span, Turn
from assistant.planner import (
    absence,
    absence_zh,
    actors,
    averages,
    breakdown_edits,
    checks,
    claims,
    cohort_shares,
    comparison_words,
    corrected_turn,
    counted_population,
    cues,
    current_state,
    defined_terms,
    definitions,
    denominators,
    discourse,
    event_counts,
    events,
    every_value,
    excluded_by_definition,
    fiscal_notes,
    focused_values,
    forwarded,
    framing,
    grounding,
    growth,
    having_field,
    impersonal,
    inclusions,
    intents,
    kinds_of_days,
    layout_words,
    missing_values,
    named_record,
    named_values,
    non_conditions,
    open_fields,
    own_year_back,
    per_unit,
    period_words,
    periods,
    pinned,
    proper_names,
    rate_words,
    rates,
    ratio_asides,
    record_averages,
    referents,
    rest_of_field,
    restated_formulas,
    restated_rows,
    restated_units,
    restated_values,
    restricted_rates,
    retractions,
    shifts,
    spelled_values,
    spending,
    state_now,
    states,
    swaps,
    text_modifiers,
    text_verbs,
    that_period,
    traditional,
    two_answers,
    units,
    unused,
    verbs,
    whether_columns,
    whole_and_to_date,
    wider_contrasts,
    workforce,
)
from assistant.planner.against_the_rest import against_the_rest
from assistant.planner.followup import _follow_up, _is_follow_up
from assistant.planner.fresh import _fresh
from assistant.planner.lexicon import Lexicon, normalize
from assistant.planner.listing import _records_of_count
from assistant.planner.messages import assumption, clarify, clarify_about, data_description, decline, suggestions
from assistant.planner.reading import Reading, read
from assistant.planner.shaping import PLANNER, _lexicon, _unique
from assistant.planner.words import content_word
from semantic_layer import SemanticModel, SemanticQuery, compile_query
from semantic_layer.errors import QueryError, TimeExpressionError
from semantic_layer.time_calendar import Unit

__all__ = ["PLANNER", "plan_question"]


def plan_question(
    question: str,
    history: Sequence[Turn],
    model: SemanticModel,
    as_of: date,
    language: Language,
    rows_shown: pinned.RowsShown | None = None,
) -> Plan:
    """Plan a question; the plan says what each word did (`interpretation`) and which words nothing
    explains (`unrecognized`, asked back rather than guessed). `rows_shown` gives the rows an earlier answer
    showed, for follow-ups about them ('what did they complain about' after the top 3 cities)."""
    as_simplified = traditional.simplified(question)
    if as_simplified != question:  # '沉默客戶': read in the simplified characters the model is written in
        history_simplified = traditional.simplified_turns(history)
        planned = plan_question(as_simplified, history_simplified, model, as_of, language, rows_shown)
        return traditional.spans_as_typed(planned, question, history)
    about_rows = pinned.pinned_plan(question, history, model, as_of, language, rows_shown, plan_question)
    if about_rows is not None:
        return about_rows
    about_counted = counted_population.counted_population_plan(question, history, model, as_of, language, plan_question)
    if about_counted is not None:  # 'what did they complain about' after how many customers churned last month
        return about_counted
    named = named_values.named_values_plan(question, history, model, as_of, language, plan_question)
    if named is not None:  # '这两个城市加起来' after Chengdu, then Chongqing: exactly those two cities
        return named
    unfilled = missing_values.missing_value_plan(question, history, model, as_of, language, plan_question)
    if unfilled is not None:  # 'tickets that never received a first response': the event's date is empty
        return unfilled
    without_rows = absence.absence_plan(question, history, model, as_of, language, plan_question)
    if without_rows is not None:  # 'customers who never placed an order': the rows with NO rows of the other entity
        return without_rows
    per_customer = event_counts.repeat_plan(question, history, model, as_of, language, plan_question)
    if per_customer is not None:  # 'customers who bought twice or more': a floor on each customer's rows
        return per_customer
    compared = two_answers.compared_answers(question, history, language)
    if compared is not None:  # 'what's the difference' after this week's and last week's number
        return compared
    lexicon = _lexicon(model)
    try:
        year = shifts.year_earlier(question, history)  # 'the same quarter one year earlier?'
        year = year or own_year_back.own_year_earlier(question, as_of)  # 'Q3 vs the same quarter a year earlier'
        back = None if year else shifts.period_earlier(question, history)  # 'same day last week'
        shifted: tuple[int, int, Unit] | None = (year[0], year[1], "year") if year else back
        aside = [discourse.Excused(shifted[0], shifted[1], "year_earlier")] if shifted else []
        reading = _read(discourse.blank(question, aside), lexicon, as_of, shifted)
        retracted = [r for r in retractions.excused(reading) if not _overlaps(r, aside)]
        if not shifted:  # 'in that quarter' after last quarter: the period the conversation is on
            retracted += [p for p in that_period.excused(reading, history) if not _overlaps(p, aside + retracted)]
        # 'oh wait, I actually meant last year, sorry!' after a question: the whole message corrects it
        retracted += [c for c in corrected_turn.excused(reading, history) if not _overlaps(c, aside + retracted)]
        if retracted:  # 'by region — no wait, by city': the words a correction replaces are not read
            aside += retracted
            reading = _read(discourse.blank(question, aside), lexicon, as_of, shifted)
        # '非门店渠道（也就是APP加官网）', 'not completed (i.e. returned or cancelled)': values restated
        restated = [r for r in restated_values.excused(model, reading) if not _overlaps(r, aside)]
        aside += restated + [d for d in discourse.excused(reading) if not _overlaps(d, restated)]
        # "Fwd from our CFO: '…?' — can you answer this one": the quoted question is the request
        passed_on = forwarded.excused(reading)
        aside = [a for a in aside if not any(p.start <= a.start and a.end <= p.end for p in passed_on)]
        aside += [p for p in passed_on if not _overlaps(p, aside)]
        # 'my boss asks', '老板问', 'for the board deck', '客服那边想知道': the frame around the request
        framed = [f for f in framing.excused(model, reading) if not _within(f, aside, reading.text)]
        aside = [a for a in aside if not _inside_context(a, framed)]  # a whole clause of context wins over its parts
        aside += [f for f in framed if not _overlaps(f, aside)]
        aside += [w for w in non_conditions.excused(reading) if not _overlaps(w, aside)]  # '(phone, chat etc)'
        aside += [w for w in layout_words.excused(reading) if not _overlaps(w, aside)]  # 'one row per quarter'
        aside += [r for r in rest_of_field.excused(model, reading) if not _overlaps(r, aside)]  # '除了X，其他原因'
        aside += [c for c in current_state.excused(model, reading) if not _overlaps(c, aside)]  # 'current backlog'
        aside += [e for e in every_value.excused(model, reading) if not _overlaps(e, aside)]  # '(active or churned)'
        aside += [
            i for i in inclusions.excused(model, reading) if not _overlaps(i, aside)
        ]  # '退货的也算', 'churned ones included'
        aside += [r for r in ratio_asides.restated_rates(model, reading) if not _overlaps(r, aside)]  # '（转化/送达）'
        written = restated_formulas.formulas(model, reading, aside)
        differing = restated_formulas.other_definition(model, written, language)
        if differing is not None:  # 'return rate (returned / all orders)': another rate than the model's
            return differing.model_copy(update={"suggestions": suggestions(model, language)})
        aside += restated_formulas.excused(written)  # '退货率（退货单 / (完成单+退货单)）': the definition again
        aside += [a for a in actors.excused(model, reading) if not _overlaps(a, aside)]  # '客服平均多久回复'
        # 'use the opening base as the denominator': the rate's own definition, said again
        restated = denominators.restated_definitions(model, reading)
        aside = [a for a in aside if not any(d.start <= a.start and a.end <= d.end for d in restated)]
        aside += [d for d in restated if not _overlaps(d, aside)]
        aside += [f for f in open_fields.excused(reading) if not _overlaps(f, aside)]  # 'all statuses included'
        aside += [
            r for r in restated_rows.excused(model, reading, lexicon) if not _overlaps(r, aside)
        ]  # 'got resolved'
        aside += [d for d in denominators.excused(model, reading) if not _overlaps(d, aside)]  # 'denominator = all …'
        aside += [w for w in text_modifiers.free_text_words(reading) if not _overlaps(w, aside)]  # '文字意见'
        aside += [w for w in text_verbs.writing_verbs(reading) if not _overlaps(w, aside)]  # 'comments they leave'
        aside += [w for w in wider_contrasts.wider_sets(reading) if not _overlaps(w, aside)]  # 'not every question'
        # 'my boss swears …. Just compare …': the whole sentence of the claim, with any aside read inside it
        told = claims.excused(reading)
        aside = [a for a in aside if not any(c.start <= a.start and a.end <= c.end for c in told)]
        aside += [c for c in told if not _overlaps(c, aside)]
        aside += [u for u in units.unit_clauses(model, reading) if not _overlaps(u, aside)]  # '按人头算，不是投诉次数'
        aside += [s for s in state_now.states_today(model, reading, as_of) if not _overlaps(s, aside)]  # 'active today'
        aside += [w for w in whether_columns.shown_states(model, reading) if not _overlaps(w, aside)]  # 'whether …'
        if len(aside) > bool(shifted):  # greetings, asides, who asked, a rejected answer form: blanked, offsets kept
            reading = _read(discourse.blank(question, aside), lexicon, as_of, shifted)
        corrected = grounding.corrections(reading, lexicon, language, referents.score_fixes(reading, history, model))
        typed = reading  # as typed: who spends is told by the verb the user wrote ('花费', not its reading '消费金额')
        if corrected.corrections:
            reading = _read(corrected.text, lexicon, as_of, shifted)
            again = grounding.corrections(reading, lexicon, language)
            both = grounding.composed(corrected, again, question) if again.corrections else None
            if both is not None:  # 'avg ordr value': 'avg' starts a phrase of the model once 'ordr' reads 'order'
                corrected = both
                reading = _read(corrected.text, lexicon, as_of, shifted)
    except TimeExpressionError as exc:
        return clarify(language, str(exc), suggestions(model, language))
    previous = next((turn.query for turn in reversed(history) if turn.query is not None), None)
    refused = checks.refusal(model, reading, lexicon, language, previous)
    if refused is not None:
        return refused
    for reason, pattern in cues.DECLINE.items():
        if reason not in ("write", "pii") and pattern.search(reading.text):
            return decline(language, reason, suggestions(model, language), as_of, model)
    if checks.outside_party(model, reading):
        return decline(language, "outside", suggestions(model, language), as_of, model)
    if workforce.staff_named(reading):  # '客服人员的绩效排名': no row per employee ('客服' is no filter here)
        return decline(language, "staff", suggestions(model, language), as_of, model)
    placed = grounding.leftover_words(reading)
    every_leftover = [word for _, _, word in placed]
    verb = verbs.verb_on_value(reading, placed)  # 'visited the website': no event of the model, not the value
    if verb is not None:
        return checks.ask_about_words(lexicon, [verb], language, suggestions(model, language))
    # 'revenue in Nanjing': a name ending in -ing is no verb form
    leftover = _unique(
        [word for word in every_leftover if content_word(word, lexicon) or proper_names.is_name(word, question)]
    )
    leftover += [
        w for w in states.unmapped(reading.masked, placed, reading.matches) if w not in leftover
    ]  # 'still waiting
    leftover += [
        w for w in impersonal.impersonal_verbs(reading.masked, placed, lexicon) if w not in leftover
    ]  # 'was it raining'
    leftover += [
        w for w in kinds_of_days.described_days(reading, placed) if w not in leftover
    ]  # '下雨天', '天热的时候'
    unrecognized = [word for word in leftover if not lexicon.contains_part(word)]
    # '（电话/在线/邮件）': a listed group the model does not name, even when it is part of a longer phrase of it
    unrecognized += [w for w in spelled_values.unmatched_members(reading) if w not in unrecognized]
    terms = defined_terms.defined(reading, [p for p in placed if p[2] in unrecognized])
    if terms:  # '老客：2024年注册的那批客户': the user's own name for the population the colon spells out
        leftover, unrecognized, aside = [w for w in leftover if w not in unrecognized], [], [*aside, *terms]
    if unrecognized:
        # a question that names nothing of the model also hears what the data covers
        covers = None if reading.matches or reading.times else data_description(model, language)
        return checks.ask_about_words(lexicon, unrecognized, language, suggestions(model, language), covers)
    try:
        plan = _plan_reading(reading, history, model, as_of, language)
    except TimeExpressionError as exc:  # 'the year before that' of an open range ('before 2025') has no start
        return clarify(language, str(exc), suggestions(model, language))
    plan = focused_values.kept_groups(reading, plan, language)  # '按渠道拆一下，想看看电话的多不多': every channel
    plan = named_record.as_record(model, plan)  # 'which city is customer C0013188 in': that customer's row
    cohort = cohort_shares.as_cohort(model, plan.query) if plan.query is not None else None
    if cohort is not None and plan.query is not None and plan.query.time_range:  # 'joined in 2025: churned since?'
        note = assumption(language, "cohort_share", phrase=plan.query.time_range.label or "")
        plan = plan.model_copy(update={"query": cohort, "assumptions": [*plan.assumptions, note]})
    # a word inside a phrase of the model ('发送' of '发送量') is explained when the plan uses what it names
    partial = [w for w in leftover if plan.query is None or not lexicon.part_targets(w) & _targets(plan.query)]
    if partial and plan.status == "ok":
        return checks.ask_about_words(lexicon, partial, language, suggestions(model, language))
    vague = plan.status != "ok" and checks.is_vague(reading, every_leftover)
    if vague:  # 'how are we doing lately', '最近怎么样': the overview, whose time is the model's 'lately'
        plan = checks.overview(model, reading, as_of, language) or plan
    wider = excluded_by_definition.conflicting(model, reading, plan.query, language) if plan.query else None
    if isinstance(wider, Plan):  # 'revenue including returned orders': revenue counts completed orders only
        return wider.model_copy(update={"suggestions": suggestions(model, language)})
    if wider is not None:  # 'completed orders, returned ones included': the model's completed-or-returned count
        plan = plan.model_copy(update={"query": wider})
    per = per_unit.as_ratio(model, reading, plan.query) if plan.query is not None else None
    if per is None and plan.query is not None:  # 'how much do they spend on average per order': revenue ÷ orders
        per = record_averages.as_ratio(model, reading, plan.query)
    unratioed = plan.query
    unit_restated = restated_units.without_restated_unit(model, reading, plan.query) if plan.query else None
    if unit_restated is not None:  # 'lifetime value per customer': the ratio's own unit, no breakdown by customer
        plan = plan.model_copy(update={"query": unit_restated})
    if per is not None:  # 'avg lifetime spend per paying customer': revenue ÷ buying customers, the model's ratio
        plan = plan.model_copy(update={"query": per[0]})
    if plan.query is None or unratioed is None:
        return plan
    context = [a for a in aside if a.kind == "context"]  # 'Finance and I have different numbers': not the question's
    unmet = intents.unmet(
        model, f"{discourse.blank(normalize(question), context)}\n{reading.text}", plan.query, language
    )
    if unmet is not None:  # 'how long …' answered with a count, 'different' with one number
        return unmet
    undated = non_conditions.whole_but_dated(model, lexicon, question, aside, reading, plan.query, language)
    if undated is not None:  # '(all customers)' after 'top 5 cities by revenue this year': counted this year?
        return undated
    rebased = denominators.other_base(model, aside, plan.query, language)
    if rebased is not None:  # 'what % of orders were returned? base: all orders': the return rate has another base
        return rebased
    unaveraged = averages.unaveraged(model, reading, plan.query, language)
    if unaveraged is not None:  # '人均消费' answered with the total spend
        return unaveraged
    unchanged = growth.unchanged(model, reading, plan.query, language)
    if unchanged is not None:  # '哪个大区的销售额增长最多' answered with the largest level
        return unchanged
    unrated = rate_words.unrated(model, reading, plan.query, language)
    if unrated is not None:  # 'open rate by channel' answered with the count of open tickets
        return unrated
    spent = spending.spender_unclear(model, typed, plan.query, language, bool(history))
    if spent is not None:  # '上个月广告投放花了多少钱', 'how much did we spend': not money customers paid us
        return spent.model_copy(update={"suggestions": suggestions(model, language)})
    if swaps.rejected_metrics(reading) & set(plan.query.metrics):  # 'orders instead of revenue' answered as revenue
        return clarify(language, None, suggestions(model, language))
    unformed = plan.query
    formed = discourse.answer_form(model, aside, plan.query, language)
    if isinstance(formed, Plan):  # 'the rate, not the count' answered with a count only
        return formed
    counted = units.counted_unit(model, reading, aside, formed, language)
    if isinstance(counted, Plan):  # 'how many people have open tickets': no distinct count of them in the model
        return counted.model_copy(update={"suggestions": suggestions(model, language)})
    before_unit, (formed, unit_note) = formed, counted
    unformed = formed if unit_note else unformed
    plan = plan.model_copy(
        update={"query": formed, "assumptions": [*plan.assumptions, *([unit_note] if unit_note else [])]}
    )
    if cues.SCORE_GIVEN.search(reading.masked) and not any(
        f.op in ("=", "in", "<", "<=", ">", ">=") and model.dimension(f.field)[1].type == "number"
        for f in formed.filters
    ):  # '打了0分的问卷': an exact score the plan does not filter on would be silently dropped
        phrase = cues.SCORE_GIVEN.search(reading.masked)
        score = phrase.group(0).strip() if phrase else ""
        return clarify(language, assumption(language, "score_unclear", phrase=score), suggestions(model, language))
    said = [c.said for c in corrected.corrections]
    unclear = events.distinct_unclear(model, reading, said, formed, language)
    if unclear is not None:
        return clarify(language, unclear, suggestions(model, language))
    spans = grounding.interpret(reading, formed, corrected, question, implied=_implied(model, formed))
    if per is not None:
        spans += per_unit.backing(
            grounding.interpret(reading, unratioed, corrected, question), unratioed.metrics, per[1]
        )
    if unit_note:  # the count whose unit changed is backed by the words of the count asked ('人', 'complained')
        spans += units.backing(
            grounding.interpret(reading, before_unit, corrected, question), before_unit, formed, spans
        )
    query = formed
    if previous is not None:  # '不用按等级了': the words of the breakdown the follow-up took away
        spans += breakdown_edits.dropped_spans(reading, previous, query, corrected.original, question)
    spelled = definitions.restated(model, query, as_of)
    if spelled is not None:  # 'still active but no completed purchase in the last 90 days' = silent customers
        spans, query = definitions.as_segment(spans, spelled), spelled.query
        note = definitions.note(model, spelled, language)
        plan = plan.model_copy(update={"query": query, "assumptions": [*plan.assumptions, note]})
    absent = definitions.unexpressed_absence(model, reading, query) or absence_zh.unexpressed(model, reading, query)
    if absent is not None:
        return clarify(language, definitions.absence_text(absent, language), suggestions(model, language))
    ignored = grounding.unused_negation(spans)
    if ignored is not None:
        return clarify(language, assumption(language, "negation_unclear", word=ignored), suggestions(model, language))
    # The words of a measure the answer form set aside ('answered within 3 hours … the count, not the %') were used.
    used = spans if formed == unformed else [*spans, *grounding.interpret(reading, unformed, corrected, question)]
    dropped = unused.dropped_field(model, reading, used, query, corrected.original) or unused.dropped_number(
        reading, used, query, corrected.original
    )
    if dropped is not None:  # 'orders with a coupon' (a field named, not used), 'older than 40': never dropped
        return dropped.model_copy(update={"suggestions": suggestions(model, language)})
    moved = previous is not None and query.time_range is not None and query.time_range != previous.time_range
    undated = (
        None if vague or moved else period_words.unexplained(model, reading, used, query, corrected.original, language)
    )
    if undated is not None:  # '上个财年的收入', 'over the holidays': a period no time element explains
        return undated.model_copy(update={"suggestions": suggestions(model, language)})
    uncompared = comparison_words.unexplained(reading, used, query, corrected.original, language)
    if uncompared is not None:  # 'revenue this month compared with our target': no second side to compare with
        return uncompared.model_copy(update={"suggestions": suggestions(model, language)})
    spans += _history_spans(model, history, query, spans, as_of)
    spans = sorted([*spans, *discourse.spans(aside, question)], key=lambda s: (s.start, s.end))
    notes = [assumption(language, "corrected", said=c.said, read=c.read) for c in corrected.corrections]
    notes += grounding.inferred_years(reading, query, corrected, question, language, as_of.isoformat())
    notes += fiscal_notes.fiscal_readings(model, reading, query, corrected, question, language)  # 'FY2025'
    notes += restated_formulas.notes(model, aside, language, dated=bool(reading.times))
    return plan.model_copy(update={"interpretation": spans, "assumptions": [*notes, *plan.assumptions]})


def _overlaps(item: discourse.Excused, others: list[discourse.Excused]) -> bool:
    return any(item.start < o.end and o.start < item.end for o in others)


def _within(item: discourse.Excused, others: list[discourse.Excused], text: str) -> bool:
    """The words of `item` (spaces around it aside) lie inside one of `others`."""
    words = text[item.start : item.end]
    start, end = item.start + len(words) - len(words.lstrip()), item.start + len(words.rstrip())
    return any(o.start <= start and end <= o.end for o in others)


def _inside_context(item: discourse.Excused, framed: list[discourse.Excused]) -> bool:
    """An aside or requester inside a clause of context (`framing.context_clauses`): the clause blanks it whole."""
    return item.kind in ("aside", "requester", "set_noun") and any(
        f.kind == "context" and f.start <= item.start and item.end <= f.end for f in framed
    )


def _read(text: str, lexicon: Lexicon, as_of: date, shifted: tuple[int, int, Unit] | None) -> Reading:
    reading = read(text, lexicon, as_of)
    reading.year_earlier = shifted is not None and shifted[2] == "year"
    reading.earlier = shifted[2] if shifted and shifted[2] != "year" else None
    return reading


def _implied(model: SemanticModel, query: SemanticQuery) -> dict[str, list[str]]:
    """For a list of records: the filters each count metric stands for ('complaints' -> ticket.is_complaint)."""
    if query.kind != "records":
        return {}
    found: dict[str, list[str]] = {}
    for name in model.metrics:
        counted = _records_of_count(model, [name])
        if counted is not None and counted[1]:
            fields = [
                f["field"]
                for f in counted[1]
                if f in [x.model_dump(mode="json", exclude_none=True) for x in query.filters]
            ]
            if fields:
                found[name] = fields
    return found


def _targets(query: SemanticQuery) -> set[str]:
    found = {*query.metrics, *query.segments, *(d.name for d in query.dimensions), *(f.field for f in query.filters)}
    if query.time_range is not None and query.time_range.field:
        found.add(query.time_range.field)
    if query.text_field:
        found.add(query.text_field)
    if query.share is not None:  # 'left because of price': the share's part is used too
        found |= {*query.share.segments, *(f.field for f in query.share.filters)}
    return found


def _history_spans(
    model: SemanticModel, history: Sequence[Turn], query: SemanticQuery, spans: list[Span], as_of: date
) -> list[Span]:
    """Elements a follow-up kept from earlier questions are backed by spans of those questions (turn -1...)."""
    missing = grounding.unbacked(query, spans)
    found: list[Span] = []
    for back, turn in enumerate(reversed(history), start=1):
        if not missing:
            break
        try:
            earlier = read(turn.question, _lexicon(model), as_of)
        except TimeExpressionError:
            continue
        older = grounding.interpret(earlier, query, grounding.identity(earlier.text), turn.question, turn=-back)
        useful = [s for s in older if s.role not in ("filler", "correction")]
        found += useful
        missing = grounding.unbacked(query, [*spans, *found])
    return found


def _plan_reading(
    reading: Reading, history: Sequence[Turn], model: SemanticModel, as_of: date, language: Language
) -> Plan:
    previous = next((turn.query for turn in reversed(history) if turn.query is not None), None)
    assumptions: list[str] = []
    swapping = swaps.rejected_metrics(reading) or swaps.swapped_metrics(reading) is not None  # '… orders instead?'
    each = referents.each_of_previous(reading, previous)  # 'and how many low-CSAT responses for each?'
    tried: list[str] = []
    fresh = _fresh(model, reading, tried) if each and previous is not None else None
    if isinstance(fresh, SemanticQuery) and previous is not None:
        assumptions += tried
        query: SemanticQuery | Plan | None = referents.for_each_group(fresh, previous, language, assumptions)
    elif previous is not None and (_is_follow_up(reading, previous) or swapping):
        query = _follow_up(model, reading, previous, assumptions)
        if isinstance(query, SemanticQuery):  # a share kept for a metric that has none: that metric of the part
            query, notes = rates.kept_share(model, query, language)
            assumptions += notes
    else:
        query = _fresh(model, reading, assumptions)
    if isinstance(query, Plan):
        return (
            query
            if query.status != "clarify" or query.suggestions
            else query.model_copy(update={"suggestions": suggestions(model, language)})
        )
    if query is None:
        return _not_understood(model, reading, language, previous is not None)
    query, counted = events.times_counted(model, reading, query, language)
    assumptions += [counted] if counted else []
    restricted = restricted_rates.restricted_rate(model, reading, query) if reading.has(cues.SHARE) else None
    if restricted is not None:  # 'what percentage of delivered messages converted': converted ÷ delivered
        query = restricted[1]
        assumptions.append(assumption(language, "share_as_rate", metric=restricted[0]))
    rated = rates.count_and_rate(model, reading, query, language)
    if isinstance(rated, Plan):
        return rated.model_copy(update={"suggestions": suggestions(model, language)})
    query, notes = rated
    assumptions += notes
    query = having_field.with_filled(model, reading, query)  # 'responses that included a CSAT score': not null
    whole = whole_and_to_date.both_totals(reading, query, language)  # '今年至今 vs 去年全年': to date vs all of it
    if whole is not None:
        query, note = whole
        assumptions.append(note)
    yoy = checks.year_over_year(reading, query, language)
    if isinstance(yoy, Plan):
        return yoy.model_copy(update={"suggestions": suggestions(model, language)})
    query = yoy
    ranked = growth.ranked_by_change(model, reading, query, language)
    if isinstance(ranked, Plan):  # 'which region grew the most' with one period: not a ranking by the level
        return ranked.model_copy(update={"suggestions": suggestions(model, language)})
    query = ranked
    assumptions += growth.note(query, language)
    dropped = periods.dropped_period(model, reading, query, language)
    if dropped is not None:
        return dropped.model_copy(update={"suggestions": suggestions(model, language)})
    query = against_the_rest(model, reading, query)  # 'do members spend more?': members and the rest
    try:
        compile_query(model, query, as_of=as_of)
    except QueryError as exc:
        return clarify(language, "; ".join(exc.problems), suggestions(model, language))
    return Plan(status="ok", query=query, assumptions=assumptions, planner=PLANNER)


def _not_understood(model: SemanticModel, reading: Reading, language: Language, after_answer: bool) -> Plan:
    about = [n for n, _ in reading.segments] + [s for _, s, _ in reading.metric_or_segment]
    if about:
        question = clarify_about(model, about, language)
        return clarify(language, question, suggestions(model, language, about=about))
    if reading.entities or reading.breakdowns or reading.values:
        return clarify(language, None, suggestions(model, language))
    if checks.works_on_an_answer(reading) or after_answer:  # 'list them' with nothing listed, 'ratio?' after one
        return clarify(language, assumption(language, "nothing_to_work_on"), suggestions(model, language))
    return decline(language, "outside", suggestions(model, language), None, model)
