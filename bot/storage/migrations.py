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
)

# ---------------------------------------------------------------------------------------
# Several workers on one database (issue 16). Every migration has a PostgreSQL twin in
# ``bot/storage/pg_migrations.py`` at the same position; tests/storage/test_migrations.py
# checks that both dialects end with the same tables and columns.
MIGRATIONS += (
    # 4: which worker holds an inbox event (a restarted worker drains its own, a live one
    # takes over a dead one's); the workers and the build each uses; published knowledge
    # builds; leases (the reload lock between processes); shared rate-limit buckets.
    """
    ALTER TABLE webhook_inbox ADD COLUMN owner TEXT;
    ALTER TABLE webhook_inbox ADD COLUMN claimed_at TEXT;
    CREATE TABLE workers (
        id           TEXT PRIMARY KEY,
        started_at   TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL,
        state        TEXT NOT NULL DEFAULT 'serving' CHECK (state IN ('serving', 'draining', 'stopped')),
        build_id     TEXT
    );
    CREATE TABLE knowledge_builds (
        id           TEXT PRIMARY KEY,
        published_at TEXT NOT NULL,
        published_by TEXT NOT NULL,
        documents    INTEGER NOT NULL,
        chunks       INTEGER NOT NULL
    );
    CREATE INDEX knowledge_builds_published ON knowledge_builds(published_at);
    CREATE TABLE leases (
        name       TEXT PRIMARY KEY,
        owner      TEXT NOT NULL,
        expires_at TEXT NOT NULL
    );
    CREATE TABLE rate_buckets (
        channel  TEXT NOT NULL,
        user_key TEXT NOT NULL,
        tokens   REAL NOT NULL,
        rate     REAL NOT NULL,
        updated  REAL NOT NULL,
        notified INTEGER NOT NULL DEFAULT 0,
        allowed  INTEGER NOT NULL DEFAULT 1,
        notify   INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (channel, user_key)
    );
    """,
)

# ---------------------------------------------------------------------------------------
# Conversations (issue 10).
MIGRATIONS += (
    # 5: conversation state (bot/dialogue/conversation.py): what the last answer was about,
    # so that "còn lệ phí thì sao?" is answered about it, also after a restart. One row per
    # user, replaced at every answer; the dialogue layer owns the JSON shape and the expiry.
    """
    CREATE TABLE conversations (
        user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        state      TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
    # --- issue 14: citizens' survey, contest rounds, Telegram poll map ---
    # 6: citizens' survey (bot/storage/survey.py). Anonymous by construction: no user id and
    # no reference to ``users``; ``respondent`` is a keyed hash (bot/survey/identity.py) used
    # only so that nobody is asked twice in a period (the unique key). Dates are local days,
    # not timestamps, so a survey row cannot be matched to the question log by its time.
    """
    CREATE TABLE survey_responses (
        id         INTEGER PRIMARY KEY,
        survey     TEXT NOT NULL,
        period     TEXT NOT NULL,
        respondent TEXT NOT NULL,
        channel    TEXT NOT NULL,
        place      TEXT NOT NULL DEFAULT '',
        status     TEXT NOT NULL DEFAULT 'offered' CHECK (status IN ('offered', 'started', 'done', 'skipped')),
        offered_on TEXT NOT NULL,
        updated_on TEXT NOT NULL,
        UNIQUE (survey, period, respondent)
    );
    CREATE INDEX survey_responses_skipped ON survey_responses(respondent) WHERE status = 'skipped';
    CREATE TABLE survey_answers (
        response_id INTEGER NOT NULL REFERENCES survey_responses(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL CHECK (position >= 0),
        question_id TEXT NOT NULL,
        option_id   TEXT NOT NULL,
        answered_on TEXT NOT NULL,
        PRIMARY KEY (response_id, question_id),
        UNIQUE (response_id, position)
    );
    CREATE INDEX survey_answers_day ON survey_answers(answered_on);
    """,
    # 7: contest rounds (bot/storage/contest.py). A round holds the questions every participant
    # gets (JSON, in order); an entry holds that participant's snapshot (options shuffled for
    # them). One entry per person per round (unique key): a second attempt is refused by the
    # database, not by a check that two presses could race. An answer row with ``chosen`` NULL
    # is a question whose time ran out; the time a question was shown is the previous answer's
    # ``answered_at`` (or the entry's ``started_at``), so no clock column can drift from it.
    """
    CREATE TABLE contest_rounds (
        id                   INTEGER PRIMARY KEY,
        name                 TEXT NOT NULL,
        starts_at            TEXT NOT NULL,
        ends_at              TEXT NOT NULL,
        seconds_per_question INTEGER NOT NULL CHECK (seconds_per_question BETWEEN 5 AND 600),
        questions            TEXT NOT NULL,
        total                INTEGER NOT NULL CHECK (total > 0),
        status               TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        created_at           TEXT NOT NULL,
        closed_at            TEXT,
        CHECK (ends_at > starts_at)
    );
    CREATE TABLE contest_entries (
        id          INTEGER PRIMARY KEY,
        round_id    INTEGER NOT NULL REFERENCES contest_rounds(id) ON DELETE CASCADE,
        user_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
        unit        TEXT NOT NULL DEFAULT '',
        questions   TEXT NOT NULL,
        status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'finished')),
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        correct     INTEGER,
        elapsed_ms  INTEGER,
        UNIQUE (round_id, user_id)
    );
    CREATE TABLE contest_answers (
        entry_id    INTEGER NOT NULL REFERENCES contest_entries(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL CHECK (position >= 0),
        question_id TEXT NOT NULL,
        chosen      INTEGER,
        correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
        elapsed_ms  INTEGER NOT NULL CHECK (elapsed_ms >= 0),
        answered_at TEXT NOT NULL,
        PRIMARY KEY (entry_id, position)
    );
    """,
    # 8: native Telegram quiz polls (bot/storage/polls.py): which payload each option of a sent
    # poll stands for, so that a ``poll_answer`` (which carries only the poll id and the option
    # number) is handled as the matching button press, also after a restart. Rows are pruned
    # after a week: a poll that old has long closed.
    """
    CREATE TABLE telegram_polls (
        poll_id    TEXT PRIMARY KEY,
        chat_id    INTEGER NOT NULL,
        payloads   TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX telegram_polls_created ON telegram_polls(created_at);
    """,
    # --- end of issue 14 ---
)

# ---------------------------------------------------------------------------------------
# Admin console (issue 13).
MIGRATIONS += (
    # 9: curated answers (bot/storage/curated.py), console sessions and the audit log
    # (bot/storage/console.py). Variants are a JSON array (always read whole, never searched
    # in SQL: matching runs in memory, bot/curated/matcher.py). Hit counts are not a column:
    # a curated answer's hits are the question-log rows that cite it ("curated:<id>"), so a
    # hit costs no write beyond the log line every question already gets. ``expires_on`` is
    # a local day (ISO text), not a timestamp. Sessions store a SHA-256 of the cookie's id,
    # so a copy of the database does not open live sessions. Failed sign-ins are audit rows
    # too; the lock-out counts them (index on action, at).
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
)
# --- end of the admin console migrations ---

# ---------------------------------------------------------------------------------------
# Hardening (issue 12): dead letters, enrolment.
MIGRATIONS += (
    # 10: dead letters in the webhook inbox (bot/storage/inbox.py). ``attempts`` is counted
    # *before* an event is handled, so an event whose handling crashed the process is known
    # at the next start; one that failed or crashed twice gets ``dead_at`` (and ``done_at``,
    # so it is neither pending nor forgotten by de-duplication) instead of another replay.
    """
    ALTER TABLE webhook_inbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0);
    ALTER TABLE webhook_inbox ADD COLUMN dead_at TEXT;
    CREATE INDEX webhook_inbox_dead ON webhook_inbox(channel, dead_at) WHERE dead_at IS NOT NULL;
    """,
    # 11: enrolment (bot/storage/enrolment.py): who counts in the awareness report. An admin
    # issues invite tokens per unit (only their SHA-256 is stored; a token is shown once);
    # redeeming one enrols a user in its unit. Attempts by people not enrolled are practice:
    # kept, shown to them, left out of the report (which says how many). Attempts made
    # before this migration keep counting as they did (practice = 0).
    """
    CREATE TABLE enrolment_invites (
        id          INTEGER PRIMARY KEY,
        token_hash  TEXT NOT NULL UNIQUE,
        unit        TEXT NOT NULL,
        max_uses    INTEGER NOT NULL DEFAULT 1 CHECK (max_uses > 0),
        uses        INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0),
        created_at  TEXT NOT NULL,
        expires_at  TEXT NOT NULL,
        CHECK (uses <= max_uses)
    );
    CREATE TABLE enrolments (
        user_id     INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        unit        TEXT NOT NULL,
        invite_id   INTEGER REFERENCES enrolment_invites(id) ON DELETE SET NULL,
        enrolled_at TEXT NOT NULL
    );
    CREATE INDEX enrolments_unit ON enrolments(unit);
    ALTER TABLE quiz_attempts ADD COLUMN practice INTEGER NOT NULL DEFAULT 0 CHECK (practice IN (0, 1));
    """,
    # 12: contest entries of people not enrolled in the unit they entered for are practice
    # (bot/contest/flow.py): they play and see their score, the rankings leave them out and
    # say how many. Fixed when the entry starts (enrolling later does not promote it: one
    # entry per round, so promoting would let a score be picked among several sessions).
    # Entries made before this migration keep counting as they did (practice = 0).
    """
    ALTER TABLE contest_entries ADD COLUMN practice INTEGER NOT NULL DEFAULT 0 CHECK (practice IN (0, 1));
    """,
)
# --- end of the issue 12 migrations ---
