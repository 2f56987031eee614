"""What the planner says when it asks back or declines, in the question's language, with suggestions."""

from __future__ import annotations

from datetime import date

from assistant.contracts import Language, Plan, detect_language
from assistant.summary.formatting import plural_en
from semantic_layer import SemanticModel

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "clarify": "I'm not sure what you'd like to see. Which measure do you mean — for example a count, a rate, or the common themes of a text such as comments?",
        "clarify_about": "What would you like to know about {about}? For example how many there are, a rate, or the common themes of their texts.",
        "write": "The assistant only reads data: it can't delete, change or add anything.",
        "pii_field": "{fields} is personal data: the assistant does not show or filter on it. Ask about counts or rates instead.",
        "unrecognized": "I don't know what {words} means in this data, so I won't guess.",
        "did_you_mean": " Did you mean: {options}?",
        "covers": " The data covers {data}.",
        "corrected": "Read '{said}' as '{read}'.",
        "year_inferred": "Read '{phrase}' as {label}, the most recent one as of {as_of}.",
        "fiscal_period": "Read '{phrase}' as {start} to {end}: the fiscal year starts in {month}.",
        "compare_unsupported": "I can compare {phrase} with the period right before it or with the same period last year, but not with '{other}'. Which would you like?",
        "whole_previous": "Compared {current} (still running, up to {end}) with all of {whole}.",
        "overview": "A general question: here is the overview ({metrics}).",
        "yoy_full_year": "Year over year: compared with the previous year.",
        "yoy_series": "Year over year: shown as a series by year.",
        "yoy_unsupported": "I can't compare with the same period last year for '{phrase}'. I can compare with the previous period of the same length, or show a series by month — which would you like?",
        "share_as_rate": "Read 'share' as the rate {metric}.",
        "share_unsupported": "The model has no rate for this share. I can give {metric} and the total it would be a share of as counts — shall I?",
        "periods_as_named": "Answered both periods as named, one row each: {first} and {second}.",
        "share_of_part": "Share: {part} ÷ {metric} of all (the question's other conditions and period apply to both).",
        "share_dropped": "A rate or an average has no share of a total: shown for {part} only.",
        "share_of_groups": "Share: each group's {metric} ÷ {metric} over all groups.",
        "share_part_unclear": "I can't tell which part this share is of: {parts}. Could you say which one is the part and which the whole (e.g. 'what share of X came from Y')?",
        "kept_from_previous": "Kept from the previous question: {kept}.",
        "cannot_negate": "I can't exclude {label} ('{phrase}') with the filters the model has. Which ones do you mean instead?",
        "negation_unclear": "I can't tell what '{word}' excludes here, and ignoring it would answer the opposite question. Could you name the value or group to leave out?",
        "dropped_limit": "Dropped the previous top-{limit} limit: the new breakdown shows every value.",
        "counted_all_rows": "Counted every row that matches the previous list's conditions, not only the {limit} it showed.",
        "listed_rows": "Listed the rows the previous answer counted ({metric}), under its conditions and period.",
        "compared_two_answers": "Compared the last two answers: {later} with {earlier}, as one answer with the change.",
        "two_periods_unequal": "The two periods differ in length ({later}: {later_days} days; {earlier}: {earlier_days} days), so the change between those two answers would mislead. Compared like for like, {later} goes with {start} to {end}: ask e.g. '{later} vs the same period before'.",
        "two_periods_apart": "The two periods are not one right after the other (or a year apart), so one answer can't show the change. Which period should be compared with which (e.g. 'this month vs last month')?",
        "threshold_on_groups": "I can't keep only the {group} values whose {metric} is {phrase}: a condition on each group's {metric} is not a filter I can apply. I can rank them by {metric} instead (e.g. '{metric} by {group}, highest first').",
        "pinned_period": "'That period' read as the one the previous answer put first: {period}.",
        "counted_population": "Read as the {rows} the previous answer counted{period}, under its conditions.",
        "listed_again": "The {count} rows the previous answer listed.",
        "whether_breakdown": "'By whether {values}' read as a breakdown by {field}: one row for each of its values.",
        "pinned_rows": "Restricted to the rows the previous answer showed: {field} in ({values}), under its population and, unless another is named, its period.",
        "change_needs_periods": "Ranking by growth or decline needs two periods to compare. Could you name them (e.g. 'revenue by region this quarter vs last quarter — which grew most')?",
        "ranked_by_change": "Ranked by the change from the period compared with, not by the level.",
        "compare_unsupported_shift": "I can compare a period with the one right before it or with the same period a year earlier, not with that one. Would you like the earlier period on its own?",
        "listed_texts": "Listed the rows of the {texts} the previous answer analysed, under its conditions and period.",
        "nothing_to_work_on": "I can't tell which answer that refers to, or it has nothing to list or sort. Could you say what you'd like to see (a measure, a group, a period)?",
        "compared_as_series": "Both periods are shown as one series from {start} to {end}, so each point can be compared.",
        "pii": "Personal data (names, emails, phone numbers, addresses) is not available to questions.",
        "forecast": "I report what the data recorded up to {as_of}; I can't forecast or predict.",
        "outside": "That question is outside the data I know about ({data}).",
        "staff": "The data covers {data}, not the staff who handled any of it, so I can't measure or rank agents or employees.",
        "dates_population": "'{phrase}' dates the population ({field}), not the activity.",
        "dates_activity": "'{phrase}' dates the activity itself.",
        "cohort_share": "The rate is over the population '{phrase}' dates, as it stands today (the rate itself has no period).",
        "times_counted": "Counted every occurrence, not distinct ones ({metrics}).",
        "distinct_unclear": "I can't count distinct '{noun}' for this question with the measures the model has, and counting other rows would answer something else. Could you ask for a count the model names?",
        "two_periods": "You named two periods, '{first}' and '{second}', and I can't apply both to this question. Which one should it cover? If one of them says who is counted, put it right next to the event it dates.",
        "compared_rest": "Compared {segment} with the rest by {column}.",
        "read_as": "Read '{said}' as {label} ({field}).",
        "threshold_unclear": "I cannot tell what '{phrase}' applies to. Number fields I can filter: {options}.",
        "threshold_no_field": "I cannot tell what '{phrase}' applies to: the rows asked for have no number field it could filter. Could you ask for the rows that number is about (e.g. the records over it)?",
        "size_unclear": "I cannot tell which field '{phrase}' ranks the {rows} records by. Number fields I can sort by: {options}.",
        "segments_as_breakdown": "Compared {segments} side by side as a breakdown by {field}.",
        "values_as_breakdown": "Showed {values} side by side as a breakdown by {field}, one row each.",
        "score_unclear": "I cannot yet filter on an exact score like '{phrase}'; I can count or list by a range instead (e.g. 'NPS score of 6 or lower'). Which do you mean?",
        "value_unrelated": "'{word}' is a value of {field}, which this question is not about, so I won't filter on it. Could you say what '{word}' should apply to?",
    },
    "zh": {
        "clarify": "我不太确定您想看什么。您指的是哪个指标?例如数量、比率,或文本(如评论)中的常见主题?",
        "clarify_about": "关于{about},您想了解什么?例如有多少、某个比率,或其文本中的常见主题。",
        "write": "本助手只读取数据,不能删除、修改或新增任何内容。",
        "pii_field": "{fields}属于个人信息:本助手不会展示或按其筛选。可以改问数量或比率。",
        "unrecognized": "我不知道“{words}”在这些数据里指什么,所以不做猜测。",
        "did_you_mean": "您是否指:{options}?",
        "covers": "现有数据包括:{data}。",
        "corrected": "将“{said}”理解为“{read}”。",
        "year_inferred": "将“{phrase}”理解为{label}(截至 {as_of} 最近的一个)。",
        "fiscal_period": "将“{phrase}”理解为 {start} 至 {end}:财年从{month}月开始。",
        "compare_unsupported": "我可以把{phrase}和紧挨着的上一周期或去年同期对比,但不能和“{other}”对比。您想看哪一种?",
        "whole_previous": "{current}尚未结束(截至 {end}),对比的是完整的{whole}。",
        "overview": "这是一个概括性的问题:以下是总体概览({metrics})。",
        "yoy_full_year": "同比:与上一年对比。",
        "yoy_series": "同比:按年展示序列。",
        "yoy_unsupported": "“{phrase}”无法与去年同期对比。我可以与上一个同样长度的时期对比,或按月展示趋势,您想看哪种?",
        "share_as_rate": "将“占比”理解为比率 {metric}。",
        "share_unsupported": "模型里没有这个占比对应的比率。我可以分别给出{metric}和总数这两个计数,需要吗?",
        "periods_as_named": "两个时间按所说的分别统计,每个一行:{first} 和 {second}。",
        "share_of_part": "占比 = {part} ÷ 全部{metric}(问题中的其他条件和时间对两者都适用)。",
        "share_dropped": "比率或平均值没有占比:只显示{part}的值。",
        "share_of_groups": "占比 = 各组的{metric} ÷ 所有组合计的{metric}。",
        "share_part_unclear": "我无法确定这个占比是哪一部分占哪个整体:{parts}。请说明哪个是部分、哪个是整体(例如“Y占X的比例”)。",
        "kept_from_previous": "沿用上一个问题的:{kept}。",
        "cannot_negate": "无法用模型已有的筛选条件排除{label}(“{phrase}”)。您想看的是哪些?",
        "negation_unclear": "我无法确定“{word}”要排除的是什么,忽略它会得出相反的答案。请说明要排除的取值或人群。",
        "dropped_limit": "去掉了上一问的前{limit}名限制:新的拆分显示全部取值。",
        "counted_all_rows": "统计的是符合上一份列表条件的全部记录,不只是列出的{limit}条。",
        "listed_rows": "列出的是上一个回答所统计的记录({metric}),沿用其条件和时间范围。",
        "compared_two_answers": "比较了最近两个回答:{later}与{earlier},合成一个回答并给出变化。",
        "two_periods_unequal": "这两个时间段长度不同({later}:{later_days} 天;{earlier}:{earlier_days} 天),直接比较两个回答的差值会产生误导。同口径比较时,{later}对应 {start} 至 {end}:可以问“{later}和上期同期比”。",
        "two_periods_apart": "这两个时间段既不前后相接也不相隔一年,一个回答无法显示变化。您想比较哪两个时间段(例如“本月和上月比”)?",
        "threshold_on_groups": "无法只保留{metric}{phrase}的{group}:按每组{metric}设条件不是我能应用的筛选。可以改为按{metric}给各{group}排序(例如“各{group}的{metric},从高到低”)。",
        "pinned_period": "“那个时段”按上一个回答排在第一的时段理解:{period}。",
        "counted_population": "按上一个回答统计的{rows}理解{period},沿用其条件。",
        "listed_again": "上一个回答列出的 {count} 行。",
        "whether_breakdown": "“按是否{values}”理解为按{field}拆分:每个取值一行。",
        "pinned_rows": "限定为上一个回答显示的行:{field}为({values}),沿用其人群条件;未另说时间时沿用其时间范围。",
        "change_needs_periods": "按增长或下降排名需要两个可比较的时间段。能说明是哪两个吗(例如“本季度与上季度相比各区域销售额,哪个增长最多”)?",
        "ranked_by_change": "按与对比期相比的变化量排名,而不是按当期数值。",
        "compare_unsupported_shift": "对比只能与紧邻的上一周期或去年同期进行,无法与该时段对比。要单独看那个时段吗?",
        "listed_texts": "列出的是上一个回答所分析的{texts}对应的记录,沿用其条件和时间范围。",
        "nothing_to_work_on": "我不确定这句指的是哪个结果,或者它没有可列出或排序的内容。能说一下想看什么吗(指标、分组、时间)?",
        "compared_as_series": "两个时期合并为一个序列展示({start} 至 {end}),便于逐点对比。",
        "pii": "个人信息(姓名、邮箱、电话、地址)不能用于提问。",
        "forecast": "我只能报告截至 {as_of} 已记录的数据,无法做预测。",
        "outside": "这个问题超出了我掌握的数据范围({data})。",
        "staff": "数据记录的是客户及其行为({data}),没有记录由哪位员工处理,所以无法衡量或排名客服坐席、员工。",
        "dates_population": "“{phrase}”限定的是人群的时间({field}),而不是行为发生的时间。",
        "dates_activity": "“{phrase}”限定的是行为本身发生的时间。",
        "cohort_share": "比率按“{phrase}”限定的人群计算,看其截至今天的状态(比率本身不限时间)。",
        "times_counted": "统计的是发生的次数,不去重({metrics})。",
        "distinct_unclear": "用模型里的度量无法对“{noun}”去重计数,统计别的行会答非所问。能换成模型中已有的计数来问吗?",
        "two_periods": "问题里有两个时间:“{first}”和“{second}”,我没法把两者都用在这个问题上。您想按哪一个统计?如果其中一个是在限定人群,请把它紧挨着它限定的事件来说。",
        "compared_rest": "按 {column} 将 {segment} 与其余客户对比。",
        "read_as": "将“{said}”理解为{label}({field})。",
        "threshold_unclear": "我无法判断“{phrase}”指的是哪个字段。可以筛选的数值字段:{options}。",
        "threshold_no_field": "我无法判断“{phrase}”指的是哪个字段:所问的记录没有可以这样筛选的数值字段。可以改问这个数额所说的那些记录吗(例如超过这个数的订单)?",
        "size_unclear": "我无法判断“{phrase}”是按哪个字段给{rows}排序。可以排序的数值字段:{options}。",
        "segments_as_breakdown": "将{segments}按{field}拆分并排对比。",
        "values_as_breakdown": "将{values}按{field}拆分,每项一行。",
        "score_unclear": "暂时无法按“{phrase}”这样的确切分数筛选;可以改用范围(例如“推荐分6分及以下”)。您指的是哪种?",
        "value_unrelated": "“{word}”是{field}的取值,但这个问题与它无关,所以我不按它筛选。请说明“{word}”指的是什么?",
    },
}


def assumption(language: Language, key: str, **values: str) -> str:
    """A line the planner adds to a plan's assumptions (or asks back with), in the question's language."""
    return _TEXT[language][key].format(**values)


def clarify(language: Language, detail: str | None, hints: list[str]) -> Plan:
    text = detail or _TEXT[language]["clarify"]
    return Plan(status="clarify", clarification=text, suggestions=hints, planner="offline")


def decline(
    language: Language, reason: str, hints: list[str], as_of: date | None, model: SemanticModel | None = None
) -> Plan:
    data = data_description(model, language) if model is not None else ""
    text = _TEXT[language][reason].format(as_of=as_of, data=data)
    return Plan(status="unsupported", clarification=text, suggestions=hints, planner="offline")


def refuse(language: Language, text: str, hints: list[str]) -> Plan:
    """Writes and personal data: refused whatever the model holds (Answer status `refused`)."""
    return Plan(status="refused", clarification=text, suggestions=hints, planner="offline")


def data_description(model: SemanticModel, language: Language) -> str:
    """What the model covers, from its entities' labels: 'customers, orders, service tickets' / '客户、订单、工单'."""
    if language == "zh":
        return "、".join(entity.label.zh for entity in model.entities.values())
    return ", ".join(_plural(entity.label.en) for entity in model.entities.values())


def _plural(label: str) -> str:
    """'Service ticket' -> 'service tickets' (acronyms keep their case)."""
    return plural_en(label[0].lower() + label[1:] if len(label) > 1 and not label[1].isupper() else label)


def suggestions(model: SemanticModel, language: Language, about: list[str] | None = None, limit: int = 3) -> list[str]:
    """Verified questions in the user's language, those about the mentioned things first."""
    questions = [q for v in model.verified_queries for q in v.questions if detect_language(q) == language]
    if about:
        related = {s for v in model.verified_queries for s in v.query.segments}
        questions.sort(key=lambda q: not any(a in related for a in about))
    return questions[:limit]


def clarify_about(model: SemanticModel, segments: list[str], language: Language) -> str:
    """'What would you like to know about churned customers?' for a question naming only a population."""
    labels = [getattr(model.segments[name].label, language) for name in dict.fromkeys(segments)]
    about = "、".join(labels) if language == "zh" else ", ".join(label.lower() for label in labels)
    return _TEXT[language]["clarify_about"].format(about=about)
