"""The metric semantic layer: YAML models, the SemanticQuery contract, time phrases and the SQL compiler.

Pure: no LLM library, no database connection, no UI imports here.
"""

from semantic_layer.compiler import CompiledQuery, OutputColumn, compile_query
from semantic_layer.errors import (
    ModelIssue,
    ModelValidationError,
    QueryError,
    SemanticLayerError,
    TimeExpressionError,
)
from semantic_layer.loader import DEMO_MODEL_PATH, load_model
from semantic_layer.model import SemanticModel
from semantic_layer.query import METRIC_TIME, SemanticQuery

__all__ = [
    "DEMO_MODEL_PATH",
    "METRIC_TIME",
    "CompiledQuery",
    "ModelIssue",
    "ModelValidationError",
    "OutputColumn",
    "QueryError",
    "SemanticLayerError",
    "SemanticModel",
    "SemanticQuery",
    "TimeExpressionError",
    "compile_query",
    "load_model",
]
