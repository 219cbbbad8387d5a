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
    # 2: quiz attempts, answers and generated questions (bot/storage/quiz.py).
    # ``questions`` is the JSON snapshot of what the attempt shows, so a restart or a bank
    # edit never changes a running attempt. At most one active attempt per user (partial
    # unique index), and at most one answer per (attempt, position) (primary key): a double
    # press or a press on an old message can never count twice. Attempts and answers keep
    # their numbers when a user is forgotten (user_id becomes NULL), so past reports stand.
    """
    CREATE TABLE quiz_attempts (
        id               INTEGER PRIMARY KEY,
        user_id          INTEGER REFERENCES users(id) ON DELETE SET NULL,
        unit             TEXT NOT NULL DEFAULT '',
        status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'finished', 'expired')),
        questions        TEXT NOT NULL,
        total            INTEGER NOT NULL CHECK (total > 0),
        correct          INTEGER,
        passed           INTEGER CHECK (passed IN (0, 1)),
        pass_percent     REAL NOT NULL,
        started_at       TEXT NOT NULL,
        last_activity_at TEXT NOT NULL,
        finished_at      TEXT
    );
    CREATE UNIQUE INDEX quiz_attempts_one_active ON quiz_attempts(user_id) WHERE status = 'active';
    CREATE INDEX quiz_attempts_finished ON quiz_attempts(finished_at);
    CREATE TABLE quiz_answers (
        attempt_id  INTEGER NOT NULL REFERENCES quiz_attempts(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL CHECK (position >= 0),
        question_id TEXT NOT NULL,
        topic       TEXT NOT NULL,
        question    TEXT NOT NULL,
        chosen      INTEGER NOT NULL,
        correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
        answered_at TEXT NOT NULL,
        PRIMARY KEY (attempt_id, position)
    );
    CREATE INDEX quiz_answers_answered ON quiz_answers(answered_at);
    CREATE TABLE quiz_generated (
        id         TEXT PRIMARY KEY,
        chunk_id   TEXT NOT NULL,
        kind       TEXT NOT NULL,
        status     TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'enabled', 'disabled')),
        in_store   INTEGER NOT NULL DEFAULT 1 CHECK (in_store IN (0, 1)),
        question   TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
    # 3: webhook events accepted but maybe not yet answered (bot/storage/inbox.py). A row is
    # written before the webhook answers 200, so an event survives a crash or restart; the
    # unique key makes a platform's retry of the same message a no-op.
    """
    CREATE TABLE webhook_inbox (
        id          INTEGER PRIMARY KEY,
        channel     TEXT NOT NULL,
        event_key   TEXT,
        body        TEXT NOT NULL,
        received_at TEXT NOT NULL,
        done_at     TEXT,
        UNIQUE (channel, event_key)
    );
    CREATE INDEX webhook_inbox_pending ON webhook_inbox(channel, received_at) WHERE done_at IS NULL;
    CREATE INDEX webhook_inbox_done ON webhook_inbox(done_at);
    """,
    # 4: conversation state (bot/dialogue/conversation.py): what the last answer was about,
    # so that "còn lệ phí thì sao?" is answered about it, also after a restart. One row per
    # user, replaced at every answer; the dialogue layer owns the JSON shape and the expiry.
    """
    CREATE TABLE conversations (
        user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        state      TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
    # --- Admin console (issue 13) ---
    # 5: curated answers (bot/storage/curated.py), console sessions and the audit log
    # (bot/storage/console.py). Variants are a JSON array (always read whole, never searched
    # in SQL: matching runs in memory, bot/curated/matcher.py). Hit counts are not a column:
    # a curated answer's hits are the question-log rows that cite it ("curated:<id>"), so a
    # hit costs no write beyond the log line every question already gets. Sessions store a
    # SHA-256 of the cookie's id, so a copy of the database does not open live sessions.
    # Failed sign-ins are audit rows too; the lock-out counts them (index on action, at).
    """
    CREATE TABLE curated_answers (
        id              INTEGER PRIMARY KEY,
        questions       TEXT NOT NULL,
        answer          TEXT NOT NULL,
        source_document TEXT NOT NULL DEFAULT '',
        source_section  TEXT NOT NULL DEFAULT '',
        source_url      TEXT,
        expires_on      TEXT,
        enabled         INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        created_by      TEXT NOT NULL,
        updated_by      TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
    );
    CREATE TABLE admin_sessions (
        token_hash TEXT PRIMARY KEY,
        admin      TEXT NOT NULL,
        csrf       TEXT NOT NULL,
        address    TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
    );
    CREATE INDEX admin_sessions_expires ON admin_sessions(expires_at);
    CREATE TABLE admin_audit (
        id      INTEGER PRIMARY KEY,
        at      TEXT NOT NULL,
        actor   TEXT NOT NULL,
        action  TEXT NOT NULL,
        target  TEXT NOT NULL DEFAULT '',
        detail  TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX admin_audit_at ON admin_audit(at);
    CREATE INDEX admin_audit_action ON admin_audit(action, at);
    """,
    # --- end of the admin console migrations ---
)
