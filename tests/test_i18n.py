"""Message catalogues: every key in both languages, and counts that read naturally."""

from __future__ import annotations

import string

from assistant.i18n import catalogue, t


def test_every_message_exists_in_english_and_french_with_the_same_fields():
    en, fr = catalogue("en"), catalogue("fr")
    assert set(en) == set(fr), sorted(set(en) ^ set(fr))[:10]
    for key in en:
        fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
        assert fields(en[key]) == fields(fr[key]), key


def test_counts_choose_singular_or_plural():
    assert t("en", "tui.turn.open", n=1).startswith("1 question is still open")
    assert t("en", "tui.turn.open", n=3).startswith("3 questions are still open")
    assert t("fr", "tui.turn.open", n=1).startswith("1 question reste ouverte")
    assert t("fr", "tui.turn.open", n=0).startswith("0 question reste ouverte")  # French: 0 is singular
    assert t("fr", "tui.turn.open", n=2).startswith("2 questions restent ouvertes")
