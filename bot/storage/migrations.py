"""Schema migrations, applied in order; ``PRAGMA user_version`` records how many have run.

Append a new script to change the schema; never edit one that has shipped, because
databases in the field have already run it.
"""

from __future__ import annotations

# Timestamps are ISO 8601 UTC text with microseconds ("2025-01-31T08:00:00.000000+00:00"):
# readable in a backup, and lexicographic order equals time order.
MIGRATIONS: tuple[str, ...] = (
    # 1: users, question log, feedback.
    """
    CREATE TABLE users (
        id           INTEGER PRIMARY KEY,
        channel      TEXT NOT NULL,
        external_id  TEXT NOT NULL,
        display_name TEXT NOT NULL DEFAULT '',
        role         TEXT NOT NULL DEFAULT 'user',
        unit         TEXT,
        created_at   TEXT NOT NULL,
        last_seen    TEXT NOT NULL,
        UNIQUE (channel, external_id)
    );
    CREATE TABLE question_log (
        id              INTEGER PRIMARY KEY,
        user_id         INTEGER REFERENCES users(id) ON DELETE SET NULL,
        channel         TEXT NOT NULL,
        question        TEXT NOT NULL,
        found           INTEGER NOT NULL CHECK (found IN (0, 1)),
        top_score       REAL NOT NULL,
        latency_ms      INTEGER NOT NULL,
        cited_chunk_ids TEXT NOT NULL DEFAULT '[]',
        created_at      TEXT NOT NULL
    );
    CREATE INDEX question_log_created ON question_log(created_at);
    CREATE TABLE feedback (
        id              INTEGER PRIMARY KEY,
        question_log_id INTEGER NOT NULL REFERENCES question_log(id) ON DELETE CASCADE,
        user_id         INTEGER REFERENCES users(id) ON DELETE SET NULL,
        value           INTEGER NOT NULL CHECK (value IN (-1, 1)),
        created_at      TEXT NOT NULL,
        UNIQUE (question_log_id, user_id)
    );
    CREATE INDEX feedback_created ON feedback(created_at);
    """,
)
