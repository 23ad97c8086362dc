"""Crash-safe storage of assessments: one TinyDB file per assessment."""

from assistant.store.assessments import Assessment, Store, Summary, memory_store

__all__ = ["Assessment", "Store", "Summary", "memory_store"]
