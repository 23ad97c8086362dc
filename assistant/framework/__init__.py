"""Question trees: models, YAML loading and validation."""

from assistant.framework.conditions import Condition
from assistant.framework.loader import get, load, load_many
from assistant.framework.models import (
    DONT_KNOW,
    NOT_APPLICABLE,
    Element,
    Framework,
    Recommendation,
    text,
)

__all__ = [
    "DONT_KNOW",
    "NOT_APPLICABLE",
    "Condition",
    "Element",
    "Framework",
    "Recommendation",
    "get",
    "load",
    "load_many",
    "text",
]
