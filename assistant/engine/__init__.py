"""The interview engine: headless, no I/O, no UI."""

from assistant.engine.answers import Answer
from assistant.engine.interview import Interview, Progress
from assistant.engine.normalise import Choice, choices, normalise

__all__ = ["Answer", "Choice", "Interview", "Progress", "choices", "normalise"]
