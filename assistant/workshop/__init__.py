"""Workshop mode, headless: who is in the room, where each agency stands, what is parked.

Each part is a mixin of :class:`assistant.session.Session`, kept in its own module:
:mod:`roster` (participants, the speaker, the workshop's sessions), :mod:`positions`
(agencies' positions, the agreed answer, evidence confidence) and :mod:`parking` (parked
questions and the follow-ups list). Everything is stored as records of the assessment
(kinds ``participant``, ``speaker``, ``session``, ``parked``) or on the answers themselves,
so it is journalled, exported and imported like any answer. Nothing here imports Textual.
"""

from __future__ import annotations

from assistant.errors import BmmError


class WorkshopError(BmmError):
    """A workshop action that cannot be done as asked; the message says what would work."""
