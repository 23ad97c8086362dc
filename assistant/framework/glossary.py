"""A framework's glossary: fixed terms and acronyms per language, and titles of references.

``glossary.yaml`` sits beside ``framework.yaml`` (optional). Its ``terms`` fix the wording each
language uses for a concept (and feed a report's list of acronyms); its ``references`` give, for
a standard cited in the trees as a plain English string, its title in every other language, so
the same document is always cited under the same title and never shows in English in a French
interview.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationError

from assistant.framework.models import Element, Id, LocalText, Reference, Strict
from assistant.framework.yamlsource import Source, YamlProblem, plain, read

GLOSSARY_FILE = "glossary.yaml"


class TermForm(Strict):
    """How one language writes a concept."""

    term: str = Field(min_length=1)
    acronym: str | None = None


class Term(Strict):
    id: Id
    forms: dict[str, TermForm]


class Glossary(Strict):
    terms: list[Term] = []
    references: list[LocalText] = []

    def titles(self) -> dict[str, LocalText]:
        """Each reference's English title → its titles in every language."""
        return {ref["en"]: ref for ref in self.references if "en" in ref}

    def acronyms(self, lang: str) -> list[tuple[str, str]]:
        """(acronym, term) pairs for ``lang``, sorted by acronym."""
        pairs = {(f.acronym, f.term) for t in self.terms if (f := t.forms.get(lang)) and f.acronym}
        return sorted(pairs, key=lambda p: p[0].casefold())


def load_glossary(folder: Path, problems: list[str]) -> Glossary:
    """The glossary of the framework in ``folder`` (empty when it has none); problems appended."""
    path = folder / GLOSSARY_FILE
    if not path.is_file():
        return Glossary()
    try:
        src = read(path)
    except YamlProblem as exc:
        problems.append(str(exc))
        return Glossary()
    data = plain(src.tree)
    terms = data.get("terms") if isinstance(data, dict) else None
    if isinstance(terms, list):  # YAML writes forms beside the id; the model keeps them apart
        data["terms"] = [
            {"id": t.get("id"), "forms": {k: v for k, v in t.items() if k != "id"}}
            if isinstance(t, dict) else t
            for t in terms
        ]
    try:
        glossary = Glossary.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            problems.append(f"{_where(src, err['loc'])}: {_message(err)}")
        return Glossary()
    seen: set[str] = set()
    for index, ref in enumerate(glossary.references):
        if "en" not in ref:
            problems.append(f"{src.where(('references', index))}: a reference needs its English title 'en'")
        elif ref["en"] in seen:
            problems.append(f"{src.where(('references', index))}: reference {ref['en']!r} is listed twice")
        seen.add(ref.get("en", ""))
    return glossary


def _message(err: dict) -> str:
    last = err["loc"][-1] if err["loc"] else ""
    if err["type"] == "missing":
        return f"missing required key {last!r}"
    if err["type"] == "extra_forbidden":
        return f"unknown key {last!r} (check its spelling, or remove it)"
    return f"{last}: {err['msg']}" if isinstance(last, str) else err["msg"]


def _where(src: Source, loc: tuple) -> str:
    # "forms" is not in the file: the language key sits on the term itself
    return src.where(tuple(p for p in loc if p != "forms"))


def localise_references(element: Element, titles: dict[str, LocalText]) -> Element:
    """``element`` with every plain-string reference that the glossary knows given its titles."""
    if not titles:
        return element

    def fix(refs: list[Reference]) -> list[Reference]:
        return [titles.get(r, r) if isinstance(r, str) else r for r in refs]

    questions = [
        q.model_copy(update={"guidance": q.guidance.model_copy(update={"standards": fix(q.guidance.standards)})})
        if q.guidance is not None and any(isinstance(r, str) for r in q.guidance.standards) else q
        for q in element.questions
    ]
    return element.model_copy(update={"standards": fix(element.standards), "questions": questions})
