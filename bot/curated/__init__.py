"""Curated answers: written once by an admin for a question the knowledge base missed, served from then on.

``models`` (what a curated answer is), ``matcher`` (when a question is close enough to one
of its variants), ``service`` (the in-memory cache the assistant asks before retrieval),
``yaml_io`` (export and import) and ``cli`` (``cchc curated ...``).
"""
