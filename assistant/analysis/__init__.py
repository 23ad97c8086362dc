"""Analysis of an assessment, headless: levels, coverage, gaps, recommendations, road map.

``analyse(framework, answers, lang, edits)`` returns an :class:`Analysis`; the
``edits`` module stores a facilitator's changes to recommendations and road-map rows.
"""

from assistant.analysis.analyse import analyse
from assistant.analysis.levels import Contribution, Coverage, ElementResult, Rating
from assistant.analysis.result import Action, Analysis, ComponentResult, Gap, Objective

__all__ = [
    "Action", "Analysis", "ComponentResult", "Contribution", "Coverage", "ElementResult",
    "Gap", "Objective", "Rating", "analyse",
]  # fmt: skip
