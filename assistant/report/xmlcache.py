"""docxtpl's clean-up of a template's XML, kept in the cache folder by content.

Before Jinja reads a template, docxtpl rewrites its XML with a few dozen regular expressions
(tags split across runs joined, ``{%p %}`` paragraphs unwrapped…): about a tenth of a report's
time, for a result that depends only on the template's XML and docxtpl's code. The result is
kept as JSON in ``<cache>/templates/``, named by a hash of both, and used again when they are
the same.

An entry is only text, and it goes through the same render-only sandbox as any template
(:mod:`assistant.report.sandbox`: includes refused, work bounded), so an entry that was
tampered with can do no more than a hostile ``--template``. An entry that does not name the
same hash, or whose text does not match the checksum stored beside it, is ignored and
written again; a cache folder that cannot be written only costs the time saved.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

from assistant import paths

MIN_CHARS = 8_000  # smaller parts (headers, footers) are cleaned faster than a file is read
KEEP = 32  # entries kept; the oldest go when a new one is written


@cache
def _docxtpl_digest() -> str:
    """docxtpl's template code itself: another version or a patched copy gives other entries."""
    import docxtpl.template

    digest = hashlib.sha256(getattr(docxtpl, "__version__", "").encode())
    try:
        digest.update(Path(docxtpl.template.__file__).read_bytes())
    except OSError:
        digest.update(b"unreadable")
    return digest.hexdigest()


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def cleaned(xml: str, clean: Callable[[str], str]) -> str:
    """``clean(xml)``, from the cache when this XML was cleaned by this docxtpl before."""
    if len(xml) < MIN_CHARS:
        return clean(xml)
    key = _sha(_docxtpl_digest() + "\0" + xml)
    folder = paths.cache_dir() / "templates"
    entry = folder / f"{key[:40]}.json"
    try:
        doc = json.loads(entry.read_text(encoding="utf-8"))
        if doc.get("key") == key and isinstance(doc.get("xml"), str) and doc.get("sha256") == _sha(doc["xml"]):
            return doc["xml"]
    except (OSError, ValueError, AttributeError, UnicodeError):
        pass  # missing, unreadable or damaged: clean again and rewrite it
    out = clean(xml)
    _write(folder, entry, {"key": key, "sha256": _sha(out), "xml": out})
    return out


def _write(folder: Path, entry: Path, doc: dict[str, str]) -> None:
    """Written to a new private file beside the entry (never through a planted link), then moved."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = entry.with_name(f".{entry.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(json.dumps(doc))
            os.replace(tmp, entry)
        finally:
            tmp.unlink(missing_ok=True)  # left only when writing failed
        paths.keep_newest(folder, "*.json", KEEP)
    except OSError:
        pass  # a read-only or full cache folder only costs speed
