"""Words that shape a question beyond the model's vocabulary, in English and Chinese: breakdowns,
grains, ranking, comparisons, theme and list requests, follow-ups, and requests we must decline.

Matched against normalised text (lower case, half-width) with time phrases already blanked out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.planner.lexicon import Match

# "by region", "per month", "for each category", "按区域", "各渠道", "分品类", "哪个区域"
BREAKDOWN_BEFORE = re.compile(
    r"(?:\bby|\bper|\bfor (?:each|every)|\beach|\bevery|\bacross(?: all)?(?: the| our)?|\b(?:rank|sort)(?: all)?(?: the| our)?(?:\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten))?|\bbroken down by|\bsplit by"
    r"|\bgrouped by|\bbreakdown by|\bbreak down by|\b(?:which|what)(?:\s+(?:\d+|two|three|four|five|ten))?"
    r"|\btop(?:\s+\d+|\s+[a-z]+)?|\bbottom(?:\s+\d+)?"
    r"|\b(?:\d+|two|three|four|five|ten)\s+(?:largest|biggest|smallest|best|worst|highest|lowest|strongest|weakest)"
    r"|\bby whether(?: or not)?(?: (?:the \w+|it|they|each \w+)(?: (?:is|was|are|were|has|have|had|got))?"
    r"| (?:they've|they're|it's|they'd)(?: got)?)?(?: an?)?"
    r"|\bwhether(?: or not)?(?: (?:it|they) (?:is|was|are|were)| (?:they're|it's|they've))?(?: an?)?"
    r"|\bdrill(?:ed|ing)?\s+(?:down\s+)?(?:in)?to(?: the)?|\bdown to(?: the)?|具体到|细分到|细化到|拆分?到|下钻到|钻取到|精确到"  # drill-down
    # a breakdown put in the place of the previous one: '换成大区看', 'switch to regions', 'change it to tier'
    r"|换成|换为|改成|改为|切换(?:成|到|为)|\b(?:switch|swap|change)(?:\s+(?:it|that|this|them|the breakdown))?\s+(?:over\s+)?to(?: the)?"
    r"|按照?(?:是否|是不是|有没有)|是否|按照?|各个?|分|每个?|不同|哪个|哪些|哪一?(?:个|家|类|种|款|项)|哪几(?:个|位|家|类|种)?"
    r"|(?:排名|排行)?前?\s*(?:\d+|[一两二三四五六七八九十]+)\s*(?:个|名|位|家)?的?|最(?:多|少|高|低|大|小|好|差)的)\s*(?:the\s+|所在的?|所属的?)?$"
)
BREAKDOWN_AFTER = re.compile(
    r"^\s*(?:分布|排名|排行|是哪|(?:都|是|又|各)?(?:是)?(?:怎么|怎样|如何)(?:个)?分布|(?:breakdown|distribution|split)(?!\s+(?:by|into|on|across|per)\b)"
    r"|(?:with|that has|that had|has|had|having)\s+the\s+(?:highest|lowest|most|least|best|worst|biggest|largest|smallest|fewest)"
    # '(把)工单类别按平均解决时长从长到短排一下': the field put in the order of a measure is the rows that are ranked
    r"|按照?[^，,。；;？?]{1,24}?排)"
)
# 'cross-tab by membership and region', '按会员和大区交叉拆一下', '透视': the breakdowns named, together (a table of both)
CROSS = re.compile(
    r"\bcross[- ]?(?:tab(?:ulat(?:e|ed|ion|ing))?s?|tabbed|tabulated)\b|交叉(?:拆分?|分析|对比|表|看)?|透视表?"
)
# An entity noun as the subject of a clause ('by whether the customer has the app bound'): not a breakdown.
# an entity noun followed by a verb, or by a relative pronoun ('by customers who have churned': the agent, not a
# breakdown by customer)
CLAUSE_SUBJECT = re.compile(r"^\s*(?:is|was|has|have|had|does|did|are|were|who|whose|that|which)\b")
# '和所在大区', 'and their region': a possessive determiner before the next field adds nothing
LIST_SEPARATOR = re.compile(r"^\s*(?:,|、|and|&|和|及|以及|与|跟|plus)\s*(?:所在的?|所属的?|their\s+|its\s+)?$")
COUNT = re.compile(
    # '那几条 / 这几个' (those few) point at rows; '几条' alone asks how many
    r"\bhow many\b|\bnumber of\b|\bcount\b|\bhow much\b|多少|(?<![哪那这])几\s*(?:个|位|家|份|张|条|笔|件|封|名)|数量|总数"
    # '流失的客户数': 数 after a counted noun whose phrase took the noun ('流失的客户' + 数)
    r"|(?<=[个次件单张笔份条户人员])数(?![据字值额量])"
)
ALL_ROWS = re.compile(r"\ball\b|\bevery\b|所有|全部")
# 'how many of those are still open? just one total number', '给我一个总数就行': the figure over every group, no breakdown
ONE_TOTAL = re.compile(
    r"\b(?:just|only)?\s*(?:one|a single)\s+(?:total|overall)(?:\s+(?:number|figure|count))?\b"
    r"|\b(?:just|only)\s+(?:the\s+)?(?:grand\s+)?total\b|\bno\s+(?:breakdown|split)\b"
    r"|(?:一个|只要|只给|给个)(?:总数|合计|总计|总的数)|不用(?:拆|分)"
)
# 'show me yesterday's orders over 20k', '给我看看…': a request for the rows themselves, all of them (up to the cap)
SHOW_ROWS = re.compile(
    r"^\s*(?:please\s+|can you\s+|could you\s+)?(?:show|give|get|pull up)\s+(?:me|us)\b|^\s*(?:请|帮我)?给我看看"
)
UNKNOWN_BREAKDOWN = re.compile(  # not 'rank regions by how many customers churned': that names the measure
    r"\b(?:by|per|for each)\s+(?!how\s+(?:many|much|often)\b)([a-z][a-z ]{2,30}?)(?=\s*(?:$|[?,.!]|\band\b|\bin\b|\bfor\b))"
)

GRAINS: dict[str, re.Pattern[str]] = {
    "day": re.compile(
        r"\b(?:daily|per day|by day|each day|day by day|every day)\b|每天|每日|按天|按日|逐日|日度|每一天"
    ),
    "week": re.compile(r"\b(?:weekly|per week|by week|each week|week by week|every week)\b|每周|按周|逐周|周度|每星期"),
    "month": re.compile(
        r"\b(?:monthly|per month|by month|each month|month by month|every month|month over month)\b|每月|按月|逐月|月度|每个月|各月|分月"
    ),
    "quarter": re.compile(
        r"\b(?:quarterly|per quarter|by quarter|each quarter|quarter by quarter)\b|每季度|按季度|逐季|季度趋势|各季度|每个季度"
    ),
    "year": re.compile(
        r"\b(?:yearly|annually|per year|by year|each year|year by year|annual)\b|每年|按年|逐年|各年|年度趋势"
    ),
}
# A ranking over periods ("which three months had the most orders", "the 2 best quarters", "今年销售额最高的是
# 哪三个月", "订单最多的一周"): a breakdown by that grain, ranked. 'which month of 2025' ranks the months of that
# period (masked, blank); 'which day of the week' names a field of the calendar instead.
_GRAIN_WORDS = {"day": ("day", "天", "日"), "week": ("week", "周", "星期"), "month": ("month", "月"),
                "quarter": ("quarter", "季度"), "year": ("year", "年")}  # fmt: skip
_RANK_EN = r"(?:which|what|top|bottom|best|worst|highest|lowest|busiest|quietest|strongest|weakest|biggest|slowest)"
_RANK_ZH = r"(?:最高|最多|最大|最好|最旺|最低|最少|最小|最差|最淡)"
_N_EN = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
_N_ZH = r"(?:\d+|[一两二三四五六七八九十]+)"


def _ranked_grain(en: str, zh: str) -> re.Pattern[str]:
    return re.compile(
        rf"\b{_RANK_EN}\s+(?:{_N_EN}\s+)?(?:(?:best|worst|highest|lowest|busiest|biggest)\s+)?{en}s?\b(?!\s+of\s+(?:the|a|each|every)\b)"
        rf"|\bthe\s+{_N_EN}\s+{en}s\s+with\s+the\b"
        rf"|哪(?:一|几|{_N_ZH})?个?(?:{zh})份?(?!度|初|底|末)"
        rf"|{_RANK_ZH}的(?:是)?(?:那)?(?:{_N_ZH})?个?(?:{zh})份?(?!度|初|底|末)"
    )


RANKED_GRAIN: dict[str, re.Pattern[str]] = {
    grain: _ranked_grain(words[0], "|".join(words[1:])) for grain, words in _GRAIN_WORDS.items()
}
# Size words of records: 'the 5 largest orders', '最贵的3笔订单' rank rows by their money column.
SIZE_WORD = re.compile(
    r"\b(?:largest|biggest|smallest|priciest|cheapest|most expensive|least expensive)\b|最大|最贵|最便宜|最小"
)
TREND = re.compile(r"\b(?:trend|over time)\b|趋势|走势|变化情况")

DESCENDING = re.compile(
    r"\b(?:most expensive|most (?:common|frequent|popular)|highest|most|largest|biggest|best|top|greatest|maximum|max|priciest|descending|desc)\b|倒序|最贵|最高|最多|最大|最好|最长|最快|排名前|前\s*\d|top|从高到低|由高到低|从多到少|由多到少|从大到小|由大到小|从长到短|由长到短|降序"
)
# 'rank categories by revenue', 'revenue by city, ranked', '各品类销售额排名', '排行榜': rows in the measure's order,
# highest first unless an ascending word says otherwise
RANKING = re.compile(r"\b(?:rank(?:ed|ing|ings)?|leaderboard|league\s+table)\b|排名|排行|排位")
ASCENDING = re.compile(
    r"\b(?:least expensive|least (?:common|frequent|popular)|rarest|lowest|least|fewest|smallest|worst|bottom|minimum|min|cheapest|ascending|asc)\b|正序|最便宜|最低|最少|最小|最差|最短|倒数|从低到高|由低到高|从少到多|由少到多|从小到大|由小到大|从短到长|由短到长|升序"
)
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "fifteen": 15, "twenty": 20, "fifty": 50, "hundred": 100}  # fmt: skip
_ZH_NUMBERS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
               "二十": 20, "五十": 50, "一百": 100}  # fmt: skip
_COUNT = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|fifty|hundred)"
_ZH_COUNT = r"(\d+|一百|五十|二十|十|[一两二三四五六七八九])"
_ZH_TIME_UNIT = r"\s*个?\s*(?:天|日|周|星期|礼拜|月|季度|季|年|小时)"
TOP_N = [
    re.compile(rf"\b(?:top|bottom|first|last|best|worst|latest|newest|most recent|oldest|earliest)\s+{_COUNT}\b"),
    # 'top3城市', '的TOP5客户', 'top10 cities': the number glued to 'top' or to a Chinese word after it
    re.compile(r"(?<![a-z])(?:top|bottom)\s*(\d+)(?![\d.a-z])"),
    re.compile(
        rf"\b{_COUNT}\s+(?:most|least|largest|biggest|highest|lowest|best|worst|latest|newest|recent|most recent|most recently"
        r"|smallest|cheapest|priciest|oldest|earliest|longest|shortest|fastest|slowest)\b"
    ),
    # ('再往前7天', '前两个月' count days or months: a stretch of time, no ranking)
    re.compile(
        rf"(?:前|后|倒数|最近的?|最新的?|列出|排名前){_ZH_COUNT}(?![0-9]|{_ZH_TIME_UNIT})\s*(?:个|位|名|家|条|笔|张|份|封|大)?"
    ),
    # the measure word of the counted records: 张 (tickets), 份 (questionnaires), 封 (messages) as well as 个 and 条
    # ('再往前一个月' counts back a month: after 前 the first pattern reads the count, which is no ranking of periods)
    re.compile(rf"(?<!前){_ZH_COUNT}\s*(?:个|位|名|家|条|笔|张|份|封)"),
    re.compile(rf"\b(?:list|show|give|get|pull(?: up)?|fetch|display)(?: me| us)?(?: the)?\s+{_COUNT}\b"),
    re.compile(rf"\bwhich\s+{_COUNT}\b"),
    # 'the #1 reason', 'our number one channel': first place is the top one (a '#2' is a place, not a top 2)
    re.compile(r"\b(?:the|our|their|its|your)\s+(?:#\s*|no\.\s*|number\s+)(1|one)\b(?!\.\d)(?=\s+[a-z])"),
    # 'rank our three channels by conversion rate': the groups ranked, as many as said
    re.compile(rf"\b(?:rank|sort)(?: all)?(?: the| our)?\s+{_COUNT}\b"),
    # 'the 5 customers with …': the noun is no part of the cue (it must be explained by the model)
    # 'the 2 survey touchpoints with …': a noun of up to three words
    re.compile(rf"\bthe\s+{_COUNT}(?=(?:\s+[a-z]+){{1,3}}\s+(?:with|that|which)\b)"),
    # '10 customers with the highest revenue'
    re.compile(rf"^\s*{_COUNT}(?=(?:\s+[a-z]+){{1,3}}\s+(?:with|that|which|who)\b)"),
]
WHICH = re.compile(r"\b(?:which|what)\b|哪一?(?:个|家|类|种|款|项)|哪些")

_BEFORE_THAT = rf"再往?前(?:\s*(?:{_ZH_COUNT}\s*)?{_ZH_TIME_UNIT})?"  # '再往前7天', '再前一周': the stretch before that
PREVIOUS_PERIOD = re.compile(
    r"\b(?:vs\.?|versus|compared? (?:to|with)|against|relative to|change (?:from|since|vs)|"
    r"(?:month|quarter|week|year) over (?:month|quarter|week|year)|mom|qoq|wow|yoy|than (?:the )?(?:previous|prior|last))\b"
    r".*\b(?:previous|prior|preceding|last|before|earlier)\b|\bperiod over period\b|环比|比上期|较上期|与上期|比上个?月|较上个?月|与上个?月相比|比上季度|较上季度|对比上期|和上期比"
    r"|(?:和|与|跟|比|较)(?:再往?)?(?:前一个?|之前的?|上一个?|此前)"  # '跟再前一个月比': the month before that
    # '近7天 vs 再往前7天', '再往前7天对比一下': the stretch before the one named, beside a comparison word
    rf"|(?:\bvs\.?|\bversus\b|对比|相比|比较|和|与|跟|比|较)\s*{_BEFORE_THAT}|{_BEFORE_THAT}(?=.{{0,12}}?(?:对比|相比|比较|比))"
)
TIME_CONTRAST = re.compile(  # 'how did November revenue compare with October': the verb in any form
    r"\b(?:vs\.?|versus|compar(?:e|es|ed|ing)\s+(?:to|with|against)|against|relative to"
    r"|(?:better|worse|higher|lower|more|less|fewer|bigger|smaller|faster|slower|up|down)\s+(?:than|from|on))\b"
    r"|对比|相比|比较|环比|和|与|跟|比"
)
SEGMENT_CONTRAST = re.compile(
    r"\b(?:vs\.?|versus|compared (?:to|with)|compar(?:e|ing|ison)|against|than|contrast|differ(?:s|ed|ent|ence|ences)?)\b|对比|相比|比较|和(?=.{0,12}比)|与(?=.{0,12}比)|区别|差异|差别|不一样"
    r"|\b(?:higher|lower|bigger|smaller|larger|greater|better|worse)\b(?=.*\bor\b)|更(?:高|低|多|少|大|小|好|差)"
)

# 'what are they about', '都是关于什么的': what the previous answer's texts are about (a follow-up)
_ABOUT_THEM = (
    r"\bwhat (?:are|were|is|was) (?:they|those|these|them|it|that) (?:all |mostly |mainly )?about\b"
    r"|^\s*(?:那|这些|它们)?(?:都是|主要是|大多是)?关于(?:什么|哪些)"
)
# ... of people who left: 'why did customers leave', '为什么流失' ask about the population the verb names (WHY_LEFT's
# verb is looked up among the model's segment synonyms: 'customers who left', '流失客户')
WHY_LEFT = re.compile(
    r"\bwhy (?:are|were|did|do|have|has)\b.{0,40}?\b(?P<verb>leav(?:e|ing)|left|churn(?:ed|ing)?|quit(?:ting)?)\b"
    r"|(?:为什么|为啥|为何|因为什么|什么原因).{0,8}?(?P<zh>流失|离开)"
)
THEMES = re.compile(
    r"\bcomplain(?:ed|ing|s)? (?:about|of)\b|\bcomplaints? (?:about|were about|are about|topics?|themes?|reasons?)\b"
    r"|\bwhat (?:did|do|are|were|does|have|has) .{0,60}\b(?:say|said|complain(?!ts?\b)|mention|report|unhappy|upset|raise|writ)"
    r"|\b(?:main|top|biggest|common|key|major|recurring) (?:issues|problems|complaints|pain points|themes|topics|reasons|concerns)\b"
    r"|\bpain points?\b|\bthemes?\b|\bwhat (?:issues|problems)\b|\bwhy (?:are|were|did|do|have|has) .{0,40}?(?:unhappy|complain|upset|leav|left|churn|quit)"
    r"|(?:投诉|抱怨|吐槽|评论|反馈|留言|意见)(?:里|中|的)?(?:主要|常见|集中)?的?(?:主题|话题)|(?:主要|常见)的?(?:主题|话题)"
    # 'why did they leave', '他们为什么流失': the reasons people give, read from their texts
    r"|(?:为什么|为啥|为何|因为什么|什么原因)(?:会|要|都)?.{0,8}?(?:流失|离开|走了|不满|投诉|抱怨)"
    # '投诉都是因为什么', '抱怨主要是为了啥', '投诉的原因是什么': the cause asked after the complaint
    r"|(?:投诉|抱怨|吐槽)(?:的)?(?:都|主要|大多|大都|一般|基本)?(?:是)?(?:因为|为了|由于)(?:些)?(?:什么|啥|哪些)"
    r"|(?:投诉|抱怨|吐槽)的?(?:主要|常见)?原因(?:都|主要)?(?:是|有)?(?:什么|啥|哪些)"
    # '投诉的内容主要集中在哪些方面': the kind of thing asked about belongs to the question word
    r"|(?:投诉|抱怨|吐槽|评论|反馈|留言)的?内容(?:主要|大多|大都|都)?(?:是|有|集中在)?(?:什么|哪些|啥|哪几个|哪几类)"
    r"(?:方面|地方|类型|类|种|问题)?"
    r"|(?:投诉|抱怨|吐槽|评论|反馈|留言)(?:都|主要|具体)?(?:是|说了|讲了|写了|反映了)(?:些)?(?:什么|啥)(?:内容|问题|事)?"
    r"|(?:投诉|抱怨|吐槽|评论|反馈|留言|意见)(?:主要|大多|大都|基本|一般)(?:都)?(?:是|在说|在讲|讲|说)(?:的)?(?:些)?(?:什么|啥|哪些)"
    r"|\b(?:complaint|comment|feedback|review|ticket) (?:topics?|themes?)\b|\btopics? (?:of|in) (?:the )?(?:[a-z]+ )?(?:complaints|comments|feedback|reviews)\b"
    r"|反映了?(?:哪些|什么)|(?:哪些|什么|啥)(?:样的)?(?:抱怨|吐槽|不满)|主要(?:问题|反映|投诉|抱怨)|投诉最多的(?:问题|是什么|方面|原因|内容)|哪些问题|什么(?:样的)?问题|啥(?:样的)?问题|哪(?:类|种|几类|几种)问题|抱怨(?:什么(?!时候|时间)|哪些)|痛点|吐槽"
    r"|\b(?:what|which) (?:topics|subjects|issues|problems|themes) (?:come up|came up|are raised|were raised|appear|show up|do|did|are|were)\b"
    r"|(?:投诉|抱怨|吐槽|反映|不满)(?:了|过|的)?些?(?:什么(?!时候|时间)|哪些)|说了?些?什么(?!时候|时间)|提到了?些?什么|主要意见|意见(?:是什么|有哪些)|问题主要|集中在(?:哪些|哪几个|什么)(?:方面|地方)?|不满(?:意)?(?:的)?(?:原因|地方)"
    # everyday forms: '都在抱怨啥', '集中在哪几个方面', 'summarize what people wrote', 'what folks said about'
    r"|(?:投诉|抱怨|吐槽|反映|不满|说|写|提)(?:了|过|的)?些?啥|(?:集中在|涉及|关于)(?:哪些|哪几个|什么)方面|(?:哪些|哪几个)方面的?(?:问题|投诉|意见)"
    r"|\bwhat\s+(?:\w+\s+){0,2}(?:wrote|written|said|mentioned|complained about|brought up|raised)\b"
    r"|\bsummari[sz]e\b.{0,40}\b(?:comments?|feedback|remarks|wrote|written|said|complaints)\b"
    # a text named by what was written or left in it: '在问卷里都留了些什么意见', '工单里写了哪些内容'
    r"|(?:写|留|留下|填|提|说)(?:了|过|的)?(?:些|一些)?(?:什么(?!时候|时间)|哪些)(?:样的)?(?:意见|评论|反馈|内容|话)?|什么(?:样的)?(?:意见|评论)"
    # what texts are about by kind: '集中在哪几类问题上', '主要是哪些类型', 'what kinds of problems', 'mostly about'
    r"|(?:集中在|主要是|主要集中在|大多是|多半是|最多的是)\s*(?:哪|什么)(?:几|些|一)?\s*(?:类|种|方面|类型|种类)(?:的)?\s*(?:问题|事情|原因|情况|投诉|内容)?"
    r"|\bwhat (?:kinds?|types?|sorts?) of (?:issues|problems|complaints|things|feedback|topics)\b"
    r"|\b(?:complaints?|comments?|feedback|reviews?) (?:(?:are|were|is|was|mostly|mainly|usually|generally|largely|typically|all)\s+){1,2}about\b"
    # about what earlier rows say: 'what are they about', 'what were those about', '都是关于什么的'
    # what the texts mainly say: '主要说的是啥', '评论主要讲了什么', '大概聊了哪些'
    r"|(?:主要|大概|大致|大多|基本|一般|都)(?:在)?(?:说|讲|写|聊|谈|提|反映|反馈)(?:了|的|过)?(?:是|些|的是)?(?:啥|什么|哪些)"
    r"|" + _ABOUT_THEM
)
ABOUT_THEM = re.compile(_ABOUT_THEM)
# '反馈了什么' is the verb of saying (any text), '反馈' alone the survey feedback
SURVEY_TEXT = re.compile(r"\bsurveys?\b|\bcomments?\b|\bfeedback\b|问卷|评论|调研|反馈(?!了|过)")

RECORDS = re.compile(
    r"\b(?:list|show)\s+'?em\b|"  # 'list em': chat for 'list them'
    r"^\s*(?:please\s+)?(?:list|show me|show|give me|display|find|who are)\b|\b(?:list|names? of|who (?:are|were) the)\b"
    r"|\bwho\s+(?:are|were|'re)\s+(?:they|those|these|those\s+people|these\s+people)\b"
    r"|列出|列一下|名单|明细|清单|记录|\d+\s*(?:条|笔|张)"
)
RECENT = re.compile(
    r"\b(?:most recent(?:ly)?|latest|newest|recent(?:ly)?|last few)\b|最近|最新|最晚"
    r"|\bthe last (?:\d+|two|three|four|five|ten|twenty|fifty|hundred)\b(?!\s+(?:days?|weeks?|months?|quarters?|years?)\b)"
)
# 'first' says which end of a ranking comes first after an order word ('most common first', 'biggest ones first',
# 'highest first'): no oldest rows asked then
_RANK_ORDER_WORDS = ("most", "common", "frequent", "popular", "highest", "lowest", "biggest", "largest", "smallest",
                     "greatest", "least", "fewest", "best", "worst", "top", "ones")  # fmt: skip
_AFTER_RANK_ORDER = "".join(f"(?<!{word} )" for word in _RANK_ORDER_WORDS)
OLDEST = re.compile(rf"\b(?:earliest|oldest)\b|{_AFTER_RANK_ORDER}\bfirst\b|最早|最老")

FOLLOW_UP = re.compile(
    r"^\s*(?:and|what about|how about|and what about|only|just|now|same|also|instead|but|then|break (?:it|that) down|split (?:it|that)|"
    r"show (?:it|that)|what if|for|by|per|only for|(?:count|counting|include|including)\s+(?:only|just))\b"
    r"|^\s*(?:那|那么|再|只看|仅看|只要|换成|改成|改为|按|如果|其中|还有|同样|另外|分别|[只仅](?:算|统计|计|数))"
    r"|\binstead\s*[?.!]*\s*$|^[^,，。?？]{1,12}呢\s*[?？!！。]*\s*$"  # 'AOV instead', '客单价呢': a short 'what about X'
)
# "and the year before that?", "再往前一年呢": the period before the previous question's, in a follow-up.
PERIOD_BEFORE = re.compile(
    r"\b(?:the\s+)?(?:year|quarter|month|week|day|period|one)\s+before(?:\s+(?:that|it|this))?\b"
    r"|再往前|往前一(?:年|个?季度|个?月|周|天)|前一(?:年|个?季度|个?月|周|天|日)呢"
)
REPLACE_SEGMENT = re.compile(r"^\s*(?:and |but )?(?:what about|how about|for|instead)\b|^\s*(?:那|换成|改成|改为)")

# 'excluding the ones categorised as delivery', 'not tagged as': a verb of classing between a negation and its value
_CATEGORISED = (
    r"(?:the\s+)?(?:ones?\s+|those\s+|any\s+)?(?:(?:that|which)\s+(?:are|were|is|was|got|get|have\s+been)\s+)?"
    r"(?:(?:categori[sz]ed|classified|labell?ed|tagged|marked|filed|grouped|counted)\s+(?:as|under|in(?:to)?)\s+(?:the\s+)?)?"
)
NEGATION_BEFORE = re.compile(
    r"(?:\bnot|\bnon|\bexcluding|\bexcept|\bother than|\bwithout|\bno|\bbesides|\bapart from|\baside from|除了|除|非|不是|不含|不算|不包括|不计|剔除|去掉|去除|拿掉|刨去|刨除|除开|除去|排除|未"
    r"|不看|不要|没有|没|不)\s*(?:the\s+|in\s+|from\s+|通过|从|在|来自|经由|由|属于|归类为|归为|分类为|类别为|类别是|算作|"
    rf"{_CATEGORISED})?$"
    # 'excluding customers that came to us through partners': the exclusion reaches through a relative clause to
    # the value its preposition names
    # 'all categories but grocery', 'everything but the app', 'anything but tier A'
    r"|\b(?:all|every|everything|anything|any)\b(?:\s+[a-z]+){0,2}\s+but\s+(?:the\s+|for\s+)?$"
    r"|(?:\bexcluding|\bexcept(?: for)?|\bother than|\bnot counting|\bwithout|\bignoring)\s+(?:the\s+|any\s+|all\s+|those\s+)?"
    r"(?:[a-z]+\s+)?(?:that|which|who)\s+(?:[a-z']+\s+){1,4}?(?:through|via|from|by|in|as|under|with|on)\s+"
    r"(?:the\s+|a\s+|an\s+|our\s+)?$"
)

# Requests the assistant declines, whatever the model contains.
DECLINE: dict[str, re.Pattern[str]] = {
    "write": re.compile(
        r"\b(?:delete|remove|drop|update|insert|truncate|modify|alter|erase|purge)\b|删除|删掉|修改|更新数据|清空|插入"
    ),
    "pii": re.compile(
        r"\b(?:e-?mails?|email address(?:es)?|phone numbers?|mobile numbers?|phones|home address(?:es)?|addresses|full names?|personal data|contact details)\b|邮箱|电话号码|手机号|姓名|身份证|住址|联系方式"
    ),
    "forecast": re.compile(
        r"\b(?:predict|forecast|projection|project(?:ed)?|will .{0,30}\bnext\b|next (?:month|quarter|year|week)|estimate future)\b|预测|预计|下个?月|明年|下季度|下一季度|下周|未来"
    ),
}
# A threshold on a number: "amount over 1,000", "more than 5", "超过1000元", "1000元以上".
_AMOUNT = r"[¥$]?\s*(\d[\d,]*(?:\.\d+)?)\s*(万|千|k\b|m\b)?\s*(?:yuan|rmb|cny|元|块|分)?"
# 'how many different customers', 'number of unique buyers': a count of distinct records of the entity named next.
DISTINCT_COUNT = re.compile(r"\b(?:how many|number of|count of)\s+(?:different|distinct|unique)\b")
# A score given ('打了0分', 'rated it 2', 'gave a 10'): an exact value of a score column, never to be dropped.
SCORE_GIVEN = re.compile(
    r"(?:打了?|给了?|评了?|打出)\s*\d+(?:\.\d+)?\s*分|\b(?:scored|rated(?: (?:us|it))?|gave (?:us |it )?an?)\s+\d+\b"
)
# An exact number on a number field ('rated exactly 3', 'a score of 10', '打了0分', '等于5'): an equality filter.
# Not when a range follows ('a score of 3 or lower', '打了6分及以下': the range alternatives read those).
_NOT_A_RANGE = (
    r"(?!\s*(?:分\s*)?(?:及以上|及以下|以上|以下|or\b|and (?:above|below|over|under|higher|lower|more|less)\b|\+|%"
    r"|(?:到|至|~|-)\s*\d))"  # '打了0到6分': a range of scores given
)
_EXACT = (
    r"(?:\b(?:exactly|precisely|equal to|equals|scored|rated(?:\s+(?:us|it|them))?|gave(?:\s+(?:us|it|them))?(?:\s+an?)?"
    r"|(?:score|rating) (?:of|was|is|=)"
    r"|\b(?:an?|the)\s+(?!(?:total|number|count|sum|max|maximum|min|minimum|average|share|percentage|rate|group|set|batch|period|span|window|top|bottom)\b)"
    r"[a-z]+(?:\s+(?:score|rating))?\s+(?:of|=))\s+(?:an?\s+)?(\d+(?:\.\d+)?)\b(?!\s*(?:days?|hours?|weeks?|months?|years?)\b)"
    r"|(?:打了?|给了?|评了?|打出|等于|恰好|正好|(?:评分|打分|分数|得分|分值)\s*(?:为|是|=))\s*(\d+(?:\.\d+)?)\s*分?)"
    r"(?:\s*(?:或者?|或是|和|、|,|，|or|and)\s*(?:打了?|给了?)?\s*\d+(?:\.\d+)?(?![\d.])\s*分?)*"  # '0分或1分'
    + _NOT_A_RANGE
)
# A money unit in a threshold ('above 20,000 yuan', '2万元以上'): the amount of the record.
CURRENCY = re.compile(r"[¥$]|\b(?:yuan|rmb|cny)\b|元|块")
# '2万' is 20,000, '5k' 5,000, '1.5m' 1,500,000
SCALES = {"万": 10_000.0, "千": 1_000.0, "k": 1_000.0, "m": 1_000_000.0}
# a range of a number field: 'between 0 and 2', '在0到2分之间', '100到500元' (a unit or 之间 makes it a range, not a
# count or a period; periods are masked before cues are read)
_RANGE = (
    rf"\bbetween\s+{_AMOUNT}\s+and\s+{_AMOUNT}"
    rf"|(?:在\s*)?(?<![\d.])\d[\d,]*(?:\.\d+)?\s*(?:万|千)?\s*(?:分|元|块)?\s*(?:到|至|-|~)\s*{_AMOUNT}\s*(?:之间|区间|范围内?)"
    rf"|(?:在\s*)?(?<![\d.])\d[\d,]*(?:\.\d+)?\s*(?:到|至|-|~)\s*\d[\d,]*(?:\.\d+)?\s*(?:(?:万|千)\s*(?:元|块)?|分(?!钟)|元|块)"
)
NUMERIC_CONDITION = re.compile(
    rf"(?P<range>{_RANGE})"
    rf"|(?P<en>\b(?:over|above|more than|greater than|at least|under|below|less than|fewer than|at most|no more than)\s+{_AMOUNT})"
    rf"|(?P<sym>(?:>=|<=|>|<)\s*{_AMOUNT})"
    rf"|(?P<zh>(?:超过|大于|高于|多于|至少|不少于|不低于|低于|小于|少于|不超过|不高于)\s*{_AMOUNT})"
    rf"|(?P<zh_after>{_AMOUNT}\s*(?:以上|以下|及以上|及以下))"
    rf"|(?P<en_after>{_AMOUNT}\s+(?:or|and)\s+(?:lower|less|fewer|below|under|higher|more|above|greater|over)\b)"
    rf"|(?P<plus>(?<![\w.])[¥$]?\s*(\d[\d,]*(?:\.\d+)?)\s*(万|千|k\b|m\b)\s*\+)"  # '5k+', '2万+'
    rf"|(?P<exact>{_EXACT})"
)
_AT_LEAST = ("+", "at least", "不少于", "不低于", ">=", "及以上", "至少", "or higher", "or more", "or above", "or greater",
             "or over", "and above", "and over", "and higher", "and more")  # fmt: skip
_AT_MOST = ("at most", "no more than", "不超过", "不高于", "<=", "及以下", "or lower", "or less", "or fewer", "or below",
            "or under", "and below", "and under", "and lower", "and less")  # fmt: skip
_BELOW = ("under", "below", "less than", "fewer than", "低于", "小于", "少于", "<", "以下")


def numeric_operator(phrase: str) -> str:
    """The filter operator a threshold phrase means."""
    if re.fullmatch(_RANGE, phrase.strip()):
        return "between"
    if re.fullmatch(_EXACT, phrase.strip()):
        return "="
    if any(word in phrase for word in _AT_LEAST):
        return ">="
    if any(word in phrase for word in _AT_MOST):
        return "<="
    return "<" if any(word in phrase for word in _BELOW) else ">"


NON_SEGMENT = re.compile(r"\bnon[- ]?|\bnot\s+|非|不是")


def count_in(text: str) -> int | None:
    """The N of 'top N' / '前N' / 'list 10', if any. The bound of a comparison is no N: in 'orders with an amount over
    500 oldest first' the rows are sorted, and 500 limits the amount, not the rows."""
    bounds = [hit.span() for hit in NUMERIC_CONDITION.finditer(text)]
    for pattern in TOP_N:
        for found in pattern.finditer(text):
            if any(start <= found.start(1) < end for start, end in bounds):
                continue
            token = found.group(1)
            if token.isdigit():
                return int(token)
            return NUMBER_WORDS.get(token) or _ZH_NUMBERS.get(token)
    return None


# English negation a few words before a value: "didn't come through the app channel", "not from the North".
NEGATION_NEAR = re.compile(r"(?:\bnot|n't|\bnever|\bwithout|\boutside)\s+(?:(?!and\b|or\b)[a-z]+\s+){0,4}$")
# Chinese negation right after a value: '华北以外的几个区', '华东之外', '华北除外', '电子产品不算', '退货的不计入'
# ('不算' only where the clause ends: '订单不算多' is a judgement, not an exclusion)
NEGATION_AFTER = re.compile(
    r"^\s*(?:的)?\s*(?:以外|之外|除外|(?:不算|不计入?|不包括|不含)(?:在内|进去)?(?=\s*(?:[，,。.；;！!？?]|$)))"
)


def negated_at(masked: str, match: Match, matches: Sequence[Match] = ()) -> bool:
    """Whether the question negates what a match names: before it ('not members', '非会员', "didn't come through the
    app") or, in Chinese, right after it ('华北以外的几个区', '电子产品不算') or after the noun it qualifies, one of
    `matches` ('投诉工单以外的工单', '会员客户以外')."""
    before, end = masked[: match.start], match.end
    head = next(
        (m for m in matches if m.start >= end and m.of("entity") and not masked[end : m.start].strip(" 的")), None
    )
    if head is not None:
        end = head.end
    return bool(NEGATION_BEFORE.search(before) or NEGATION_NEAR.search(before) or NEGATION_AFTER.match(masked[end:]))


# Imperatives that ask the assistant to act on the data or on customers: writes, whatever the model holds.
_ACT = (
    r"^\s*(?:please\s+|pls\s+|can you\s+|could you\s+)?(?:send|email|text|sms|call|notify|message|assign|close|reopen"
    r"|create|add|set|mark|cancel|refund|ban|block|unsubscribe|tag|move|merge|rename|edit|save|export|upload)\b"
)
# ... followed by what it acts on: 'email the churned customers', 'refund order #123', 'send to all of them' (or
# by a population or entity of the model: ACTION_VERB, checks.py). A noun after the word makes a measure, not an
# order: 'refund rate', 'email open rate', 'call volume', 'email vs sms', 'sms?' alone.
ACTION = re.compile(
    _ACT + r"(?=\s+(?:the|a|an|all|every|each|our|my|this|that|these|those|them|him|her|it|everyone|everybody"
    r"|anyone|to|people)\b|\s*[#\d])"
    r"|^\s*(?:请|帮我|麻烦|帮忙)*(?:给|向|对).{0,20}(?:发|推送|打电话|发送)|^\s*(?:请|帮我|麻烦|帮忙)+(?:发送|推送|关闭|取消|标记|添加|创建|导出|保存|退款)"
    # '把C0013188那两个工单直接给我关掉': 把 + the records + a verb of acting on them, ending the clause
    r"|把.{1,40}?(?:关掉|关闭|关了|取消掉|删了|退掉|退款|合并|标记掉|处理掉)(?:了|吧|一下)?\s*(?:[。！!？?，,]|$)"
)
ACTION_VERB = re.compile(_ACT + r"\s+")

# "把…的状态改成活跃", "change the status of … to active": setting a field to a value is a write when the
# object names records and a field, and a value of that field follows (checked against the model).
SET_VALUE = re.compile(
    r"把(?P<zh_object>.{1,40}?)(?:改成|改为|改到|设为|设置为|设置成|设成|标记为|标记成|标为|更新为|更新成|更改为|调整为|变成|变为)"
    r"|^\s*(?:please\s+|pls\s+|can you\s+|could you\s+)?(?:change|switch|turn|make)\b(?P<en_object>.{1,60}?)\bto\b"
)
# Period-over-period words: a comparison is asked for even when no second period is named.
COMPARISON_WORDS = re.compile(
    r"\b(?:mom|qoq|yoy|wow|(?:month|quarter|year|week) over (?:month|quarter|year|week)|growth|grow(?:n|ing)?|grew"
    r"|change|changes|changed|increase[ds]?|decrease[ds]?|dropp?(?:ed|s)?|rise|rose|fell|fall)\b|同比|环比|增长|增速|下降|上升|变化"
    # shorthand glued to Chinese ('销售额YoY怎么样', '10月MoM'): no word boundary between a CJK and a Latin letter
    r"|(?<![a-z])(?:mom|qoq|yoy|wow|(?:month|quarter|year|week) over (?:month|quarter|year|week))(?![a-z])"
)
# 'which region grew the most', '哪个品类下降最多': a ranking by a change (growth.py)
_MOST = r"(?:the\s+)?(?:most|fastest|biggest|largest|least|slowest)"
RISE_MOST = re.compile(
    rf"\b(?:gr[eo]w(?:n|s|ing)?|increased?|rose|risen|rises?|gained?|went up|jumped|improved?|got better)\s+{_MOST}\b"
    rf"|\b(?:biggest|largest|most|fastest)\s+(?:growth|increase|rise|gain|jump|improvement)\b"
    r"|(?:增长|增加|上涨|上升|涨|提升|改善|变好)(?:得)?(?:最多|最快|最大|最明显)|(?:增幅|涨幅|增速|提升幅度)最(?:大|高|快)"
)
FALL_MOST = re.compile(
    rf"\b(?:dropp?(?:ed|s)?|fell|fallen|falls?|declined?|decreased?|shrank|shrunk|went down|worsened|got worse)\s+{_MOST}\b"
    rf"|\b(?:biggest|largest|most|steepest)\s+(?:drop|decline|decrease|fall|loss)\b"
    r"|(?:下降|下滑|减少|下跌|跌|降低|恶化|变差)(?:得)?(?:最多|最快|最大|最明显)|(?:降幅|跌幅)最(?:大|高)"
)
YEAR_OVER_YEAR = re.compile(
    r"\b(?:yoy|year over year|same (?:period|day|week|month|quarter) (?:last year|(?:a|one) year (?:ago|earlier|before))"
    r"|vs\.? (?:a )?year ago)\b|同比|去年同期|(?<![a-z])(?:yoy|year over year)(?![a-z])"
)
# Negation in front of a value or a flag: "未关闭", "没有绑定", "not members", "non-members", "without".
NEGATION = re.compile(
    r"\b(?:not|non|excluding|except|other than|without|never|no|outside|besides|apart from|aside from)\b|未|没有|没|不是|不含|不|非|除了|除开|除去|除|排除|剔除|去掉|去除|拿掉|刨去|刨除"
    r"|\b(?:did|was|were|has|have|had|is|are)n't\b"
)
# "What share of customers churned": a proportion of a population, i.e. the rate over its count.
SHARE = re.compile(
    r"\b(?:share|percent(?:age)?|proportion|fraction|ratio|what part)\s+of\b|\b(?:% of|pct of)\b|比例|占比|百分比|比重|所占"
    r"|\bas an? (?:share|percent(?:age)?|proportion|fraction|ratio|%)|\bas (?:a )?%"
    r"|\bwhat (?:share|percent(?:age)?|proportion|fraction)\b|\bwhat\s*%|(?<![\w%])%\s*of\b|\bhow big a share\b|\bshares? (?:by|per|for each|across|of each)\b|占多大|占了多大|占了?多少(?!人|个人|位|名|家|单|笔|条|张|个客户)|百分之(?:多少|几)|占(?:了)?几成"
    # a rate named by the rows it counts: 'rate of returned orders', 'cancelled rate' (not 'churn rate of members')
    r"|(?:^\s*|\bthe\s+|\bwhat(?:'s|\s+is|\s+was)?\s+(?:the\s+)?)rate of\b|\b[a-z]+ed\s+rate\b"
)
# A count asked for itself ('how many', '多少单', '有几个'), unlike '退货率是多少' (what the rate is).
COUNT_ASKED = re.compile(r"\bhow many\b|\bnumber of\b|(?:多少|几)\s*(?:个|单|位|人|名|张|条|笔|次|家|份|件|笔订单)")
# "customers who bound the app and those who didn't", "会员和不是会员的": a yes/no population against the rest.
THE_REST = re.compile(
    r"\b(?:those|the ones|ones|others) (?:who|that) (?:didn't|don't|haven't|aren't|weren't|did not|do not|"
    r"are not|have not|were not)\b|\bthe rest\b|\beveryone else\b|\bor not\b|和没有的|和不是的|其余(?!\s*的?\s*(?:几|各))|其他客户|与否"
    # both answers of a yes/no field written as its two sides: 'app bound yes / no', 'member y/n', '绑定APP 是/否'
    r"|\b(?:yes\s*(?:/|or|and|vs\.?)\s*no|y\s*/\s*n|true\s*/\s*false)\b|(?:是\s*/\s*否|有\s*/\s*无)"
    r"|\b(?:and|vs\.?|versus) how many (?:aren't|are not|don't|do not|didn't|did not|haven't|have not|weren't|were not)\b"
    r"|多少(?:个|位|人|名)?(?:不是|没有?)"
    # an elided verb after 'vs' ('how many got opened vs didn't'): the rows without what the verb before names
    r"|\b(?:vs\.?|versus) (?:didn't|did not|weren't|were not|wasn't|was not|haven't|have not|hasn't|has not)(?=\s*(?:$|[?.!,;]))"
)
# 'which' / '哪些' right before an entity noun of the model ('which customers', '哪些订单'): the rows asked for.
WHICH_PLURAL = re.compile(r"\bwhich\s*$|(?:有|是)?哪些\s*$")
# An explicit request for rows ("list the open tickets", "列出…"), even without a number of them.
LIST_VERB = re.compile(r"^\s*(?:please\s+)?list\b|\blist (?:all|the|every)\b|列出|列一下|明细|清单|名单|记录")
# 'list them', 'show me who', '有哪些…列一下', '都有谁': every matching row, not a first page.
LIST_ALL = re.compile(
    r"\b(?:list|show)\s+(?:them|'?em|those|these|me\s+(?:who|which|them))\b|\blist\s*$|列一下|列出来|都有(?:谁|哪些)"
    r"|\bwho\s+(?:are|were|'re)\s+(?:they|those|these|those\s+people|these\s+people)\b"
    r"|\bfor\s+(?:each|every\s+one|each\s+one|each\s+of\s+them)(?=\s*(?:[,.!?;]|please\b|$))"  # 'the reason for each'
)
# Negations whose meaning cannot be dropped: a plan that ignores one answers the opposite question.
STRONG_NEGATION = re.compile(
    r"not|non|excluding|except|other than|without|never|outside|besides|apart from|aside from|未|没有|没|非|不是|不含|除了|排除|剔除|去掉|去除|拿掉|刨去|刨除|除开|除去"
    # a negated auxiliary of a past or a state ("customers who didn't come through partners"); "don't" / "can't" are
    # as often discourse ("don't worry about …") and stay out
    r"|didn't|wasn't|weren't|hasn't|haven't|hadn't|isn't|aren't"
)
# A follow-up that narrows the previous question to a population: "only churned customers", "只看流失客户".
ONLY = re.compile(r"\b(?:only|just|solely|limited to|restricted to)\b|只看|只要|只|仅看|仅")
_VERBS = {"has", "is", "was", "does", "gets", "sells", "brings", "makes", "shows"}


def plural_which(text: str) -> bool:
    """'Which regions …', 'what are the …', '哪些': the answer is several rows, not the single top one."""
    if "哪些" in text or re.search(r"\bwhat (?:are|were) the\b", text):
        return True
    found = re.search(r"\b(?:which|what)\s+((?:[a-z]+\s+){0,1}[a-z]+)", text)
    if not found:
        return False
    words = [w for w in found.group(1).split() if w not in _VERBS]
    return any(w in ("are", "were") or (w.endswith("s") and not w.endswith("ss")) for w in words)


# 'take the longest to get resolved' / 'take the least time': the time an event takes, ranked
_TAKES = r"\b(?:take|takes|taking|took|taken)\s+(?:the\s+)?"
FAST = re.compile(
    rf"\b(?:fastest|quickest|fast|quick|quicker|faster)\b|{_TAKES}(?:shortest|least time|less time|shorter)\b|最快|最迅速|快"
)
SLOW = re.compile(rf"\b(?:slowest|slow|slower|longest wait)\b|{_TAKES}(?:longest|most time|more time|longer)\b|最慢|慢")


# 'from fastest to slowest', '从快到慢', 'quickest first': an order of speed names both ends, the first one leads
_SPEED_ORDER = re.compile(
    r"\b(?:from\s+)?(?P<en>fastest|quickest|slowest)\s+(?:to\s+(?:the\s+)?(?:slowest|fastest|quickest)|first)\b"
    r"|[从由](?P<zh>快|慢)(?:到|至|往)(?:快|慢)"
)


def speed_direction(text: str) -> str | None:
    """'fastest' / '最快' or 'slowest' / '最慢': on a duration metric, fast means fewer hours. An order of speed
    ('fastest to slowest', '从快到慢') says both words: the one it starts from is the direction."""
    order = _SPEED_ORDER.search(text)
    if order is not None:
        return "slow" if (order.group("en") or order.group("zh")) in ("slowest", "慢") else "fast"
    slow, fast = bool(SLOW.search(text)), bool(FAST.search(text))
    if slow == fast:
        return None
    return "slow" if slow else "fast"


BEST = re.compile(r"\b(?:best|better|strongest)\b|最好|最佳|最优|最强|表现最好")
WORST = re.compile(r"\b(?:worst|worse|weakest|poorest)\b|最差|最糟|最坏|最弱|表现最差")


def quality_direction(text: str) -> str | None:
    """'best' / '最好' or 'worst' / '最差': which end is good depends on the metric (higher_is_better)."""
    best, worst = bool(BEST.search(text)), bool(WORST.search(text))
    if best == worst:
        return None
    return "worst" if worst else "best"


# 'our competitors' revenue', '我们竞争对手的营收': 'our' directly owning a value word (not an entity noun) that in
# turn owns a metric names a party of its own, whose figures the data does not hold.
OWNER_BEFORE = re.compile(r"(?:\bour|我们的?|我司的?|咱们的?)\s*$")
# Another organisation ('our competitors' revenue', '我们竞争对手的营收'): its figures are not in our data, even
# when the word is also a value of the model (a churn reason). Any other value after 'our' is part of our data.
OTHER_PARTY = re.compile(
    r"\b(?:competitors?|competition|rivals?|peers?|partners?|suppliers?|vendors?|other (?:companies|brands|stores))\b"
    r"|竞争对手|对手|竞品|同行|友商|别家|其他公司|其他品牌|合作方|供应商"
)
POSSESSIVE_AFTER = re.compile(r"^\s*(?:'s|'|s'|的)\s*$")


# 'those five', 'that category', '这个品类', '这几个城市': the rows the previous answer showed (its top ones).
# 'how are we doing?', 'how did last month go?', '最近怎么样', '整体表现': a question about the overall state, answered
# with the model's overview (only when it names nothing of the model).
STATE_QUESTION = re.compile(
    r"\bhow(?:'s|\s+is|\s+are|\s+was|\s+were|\s+did|\s+do|\s+does)\b.*\b(?:doing|do|going|go|went|look(?:s|ing)?"
    r"|perform(?:ing|ed)?|business|things|tracking|trending|shaping up|holding up)\b|\bwhat'?s\s+(?:new|up|happening|going on)\b"
    r"|\b(?:overview|summary|snapshot|status report|health check|kpis?|dashboard|headline numbers|big picture)\b"
    r"|怎么样|怎样|如何|情况|概况|概览|总览|表现|整体|总体|大盘|核心指标|汇总"
)
# 'what share is that', 'sort it', '那这个呢': a word standing for an earlier answer
REFERS_BACK = re.compile(
    r"\b(?:that|it|this one|same)\s*[?.!]*\s*$|\b(?:sort|sorted|rank|ranked|re-?order)\b|\border (?:it|them|by)\b|排序|排一下|这个呢|那个呢"
)
THOSE = re.compile(
    r"\b(?:those|these|that one|each of them|them|they|their)\b|这个|这些|这几个|那几个|那些|该|上述|他们|她们|它们|各自"
    # 'each' as a pronoun (not before a noun): 'how many orders did each place', 'how many customers in each'
    r"|\beach(?=\s*(?:[?.!,]|$|one\b|(?:did|does|do|has|have|had|got|gets|made|makes|placed|places|place|spent|spends)\b))"
)
