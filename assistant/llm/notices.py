"""User-visible notices (answer assumptions) when the LLM path falls back, in English and Chinese."""

from __future__ import annotations

from assistant.contracts import Language
from assistant.llm.session import LLMFailure

_REASON: dict[str, dict[str, str]] = {
    "en": {
        "timeout": "timeout after {seconds} s",
        "connection": "connection failed",
        "rate_limit": "rate-limited, HTTP 429",
        "server": "server error, HTTP {status}",
        "auth": "the API key was rejected, HTTP {status}",
        "bad_request": "the request was rejected, HTTP {status}",
        "bad_response": "the reply was not a chat completion",
        "deadline": "the {seconds} s time budget was used up",
        "config": "no API key or endpoint is configured",
        "unusable": "its plan still did not fit the semantic model after {repairs} repairs",
    },
    "zh": {
        "timeout": "{seconds} 秒超时",
        "connection": "连接失败",
        "rate_limit": "请求受限,HTTP 429",
        "server": "服务器错误,HTTP {status}",
        "auth": "API 密钥被拒绝,HTTP {status}",
        "bad_request": "请求被拒绝,HTTP {status}",
        "bad_response": "返回内容不是有效的对话结果",
        "deadline": "{seconds} 秒时间预算已用完",
        "config": "未配置 API 密钥或服务地址",
        "unusable": "经过 {repairs} 轮修正后其查询计划仍不符合语义模型",
    },
}
_PLANNER = {
    "en": {
        "unreachable": "The language model could not be reached ({reason}); the offline planner answered.",
        "unusable": "The language model's answer was not usable ({reason}); the offline planner answered.",
    },
    "zh": {
        "unreachable": "无法使用语言模型({reason});已由离线规划器回答。",
        "unusable": "语言模型的结果不可用({reason});已由离线规划器回答。",
    },
}
_SUMMARY = {
    "en": {
        "failed": "The language model could not write the summary ({reason}); a template summary is shown.",
        "ungrounded": "The language model's summary stated a number that is not in the result; a template summary is shown.",
        "unusable": "The language model's summary was not usable ({detail}); a template summary is shown.",
    },
    "zh": {
        "failed": "语言模型未能生成摘要({reason});以下为模板摘要。",
        "ungrounded": "语言模型的摘要包含结果中没有的数字;以下为模板摘要。",
        "unusable": "语言模型的摘要不可用({detail});以下为模板摘要。",
    },
}
_SUMMARY_DETAIL = {
    "en": {
        "language": "not in the question's language",
        "markup": "it held links or markup",
        "empty": "it was empty",
        "currency": "it wrote amounts in another currency",
    },
    "zh": {
        "language": "与问题的语言不一致",
        "markup": "包含链接或标记",
        "empty": "内容为空",
        "currency": "金额的货币单位不正确",
    },
}
_NOT_SEMANTIC = {
    "en": "Not from the semantic layer: the language model wrote this SQL over the model's tables because the "
    "semantic model could not express the question; the guard checked it, but check the SQL before relying on it.",
    "zh": "非语义层结果:语义模型无法表达该问题,此 SQL 由语言模型基于模型中的表直接编写;已通过安全检查,使用前请核对 SQL。",
}


def reason(failure: LLMFailure, language: Language, *, repairs: int = 2) -> str:
    template = _REASON[language].get(failure.kind, _REASON[language]["bad_response"])
    seconds = f"{round(failure.seconds, 1):g}" if failure.seconds is not None else "?"
    return template.format(seconds=seconds, status=failure.status or "?", repairs=repairs)


def planner_fallback(failure: LLMFailure, language: Language, *, repairs: int = 2) -> str:
    kind = "unusable" if failure.kind in ("unusable", "bad_response") else "unreachable"
    return _PLANNER[language][kind].format(reason=reason(failure, language, repairs=repairs))


def summary_failed(failure: LLMFailure, language: Language) -> str:
    return _SUMMARY[language]["failed"].format(reason=reason(failure, language))


def summary_ungrounded(language: Language) -> str:
    return _SUMMARY[language]["ungrounded"]


def summary_unusable(problem: str, language: Language) -> str:
    """`problem`: language | markup | empty | currency."""
    return _SUMMARY[language]["unusable"].format(detail=_SUMMARY_DETAIL[language][problem])


def not_semantic(language: Language) -> str:
    return _NOT_SEMANTIC[language]
