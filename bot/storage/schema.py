"""What tables a database has: names, columns in order, and what each table references.

Read from the database itself (SQLite's ``sqlite_master``/``pragma_*`` functions,
PostgreSQL's ``information_schema``), so ``cchc db copy`` and the dialect check copy and
compare every table, including those migrations add later, without a list to keep up.
"""

from __future__ import annotations

from bot.storage.database import Storage

# Bookkeeping of the migrations themselves: never copied, never compared.
INTERNAL_TABLES = frozenset({"schema_migrations"})


async def table_columns(storage: Storage) -> dict[str, list[str]]:
    """Every table of the schema with its columns in declaration order."""
    if storage.dialect == "sqlite":
        rows = await storage._fetchall(
            "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master AS m"
            " JOIN pragma_table_info(m.name) AS p"
            " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid"
        )
    else:
        rows = await storage._fetchall(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
        )
    tables: dict[str, list[str]] = {}
    for row in rows:
        if row["table_name"] not in INTERNAL_TABLES:
            tables.setdefault(str(row["table_name"]), []).append(str(row["column_name"]))
    return tables


async def references(storage: Storage) -> dict[str, set[str]]:
    """For each table, the other tables its foreign keys point at."""
    if storage.dialect == "sqlite":
        rows = await storage._fetchall(
            "SELECT m.name AS table_name, f.\"table\" AS target FROM sqlite_master AS m"
            " JOIN pragma_foreign_key_list(m.name) AS f WHERE m.type = 'table'"
        )
    else:
        rows = await storage._fetchall(
            "SELECT tc.table_name, ccu.table_name AS target FROM information_schema.table_constraints AS tc"
            " JOIN information_schema.constraint_column_usage AS ccu"
            "   ON ccu.constraint_name = tc.constraint_name AND ccu.constraint_schema = tc.constraint_schema"
            " WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()"
        )
    found: dict[str, set[str]] = {}
    for row in rows:
        if row["target"] != row["table_name"]:
            found.setdefault(str(row["table_name"]), set()).add(str(row["target"]))
    return found


def dependency_order(tables: list[str], refs: dict[str, set[str]]) -> list[str]:
    """``tables`` with every table after those it references (then by name): the order to fill them.

    Raises:
        ValueError: a reference cycle (no order fills them without disabling the checks).
    """
    ordered: list[str] = []
    left = sorted(tables)
    while left:
        ready = [t for t in left if not (refs.get(t, set()) & set(left)) - {t}]
        if not ready:
            raise ValueError(f"foreign keys form a cycle among {left}")
        ordered.extend(ready)
        left = [t for t in left if t not in ready]
    return ordered


async def identity_columns(storage: Storage) -> dict[str, str]:
    """PostgreSQL tables whose id is generated (identity), and that column; {} on SQLite."""
    if storage.dialect == "sqlite":
        return {}
    rows = await storage._fetchall(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND is_identity = 'YES'"
    )
    return {str(r["table_name"]): str(r["column_name"]) for r in rows}
