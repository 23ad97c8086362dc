"""The Textual interface: a chat-style interview over :class:`assistant.session.Session`.

Only this package imports Textual; it holds no business logic.
"""
