"""Name search: an FTS5 index on SQLite, a trigram index over the normalised name on PostgreSQL."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import ColumnClause, ColumnElement, Connection, literal_column, text

FTS_TABLE = "records_fts"

# External-content FTS5 over records.full_name, kept in step by triggers so every writer
# (the app, a bundle import, a raw SQL repair) updates it. remove_diacritics makes "Siti" find "Sîti".
CREATE_SQL = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    "full_name, content='records', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER records_fts_ai AFTER INSERT ON records BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, full_name) VALUES (new.id, new.full_name); END",
    f"CREATE TRIGGER records_fts_ad AFTER DELETE ON records BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, full_name) VALUES ('delete', old.id, old.full_name); END",
    f"CREATE TRIGGER records_fts_au AFTER UPDATE OF full_name ON records BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, full_name) VALUES ('delete', old.id, old.full_name); "
    f"INSERT INTO {FTS_TABLE}(rowid, full_name) VALUES (new.id, new.full_name); END",
)
DROP_SQL = (
    "DROP TRIGGER IF EXISTS records_fts_au",
    "DROP TRIGGER IF EXISTS records_fts_ad",
    "DROP TRIGGER IF EXISTS records_fts_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
)

# PostgreSQL: each query word must start a word of the name, i.e. " " || name_norm LIKE "% word%".
# The GIN trigram index is over exactly that expression, so the planner can use it for every word.
PADDED_NAME_SQL = "(' ' || name_norm)"
SERVER_INDEX = "ix_records_name_trgm"


def create_server_index(connection: Connection) -> None:
    """The trigram index for name search on PostgreSQL (other databases: nothing to do)."""
    if connection.dialect.name != "postgresql":
        return
    connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    connection.execute(text(
        f"CREATE INDEX IF NOT EXISTS {SERVER_INDEX} ON records USING gin ({PADDED_NAME_SQL} gin_trgm_ops)"))


def drop_server_index(connection: Connection) -> None:
    """Remove the PostgreSQL name index (the extension stays: other databases may use it)."""
    if connection.dialect.name != "postgresql":
        return
    connection.execute(text(f"DROP INDEX IF EXISTS {SERVER_INDEX}"))


def server_name_conditions(query: str) -> list[ColumnElement[bool]]:
    """WHERE conditions for a name search without FTS5: every word starts a word of the name.

    Written exactly as the index expression (migration 0004) so PostgreSQL can use the index.
    Tokens hold only letters and digits, so no % or _ reaches the LIKE pattern.
    """
    padded: ColumnClause[str] = literal_column(PADDED_NAME_SQL.replace("name_norm", "records.name_norm"))
    return [padded.like(f"% {token}%") for token in name_tokens(query)]


_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def is_search_index_object(name: str | None) -> bool:
    """True for the FTS5 table, its shadow tables and the PostgreSQL index (made by raw SQL)."""
    return bool(name) and (str(name).startswith(FTS_TABLE) or str(name) == SERVER_INDEX)


def create(connection: Connection) -> None:
    """Create the FTS5 index and its triggers (SQLite only), filling it from existing rows."""
    if connection.dialect.name != "sqlite":
        return
    for statement in CREATE_SQL:
        connection.execute(text(statement))
    connection.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))


def drop(connection: Connection) -> None:
    """Remove the FTS5 index and triggers."""
    if connection.dialect.name != "sqlite":
        return
    for statement in DROP_SQL:
        connection.execute(text(statement))


def normalise_name(name: str) -> str:
    """Lower case, accents removed, single spaces: the form names are compared in."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_TOKEN.findall(stripped.casefold()))


def name_tokens(query: str) -> list[str]:
    """The words of a search query, normalised (at most 8: nobody types more)."""
    return normalise_name(query).split()[:8]


def fts_match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression: every word must start a word of the name (prefix search)."""
    tokens = name_tokens(query)
    if not tokens:
        return None
    # Tokens hold only letters and digits, so quoting them cannot break the FTS syntax.
    return " ".join(f'"{token}"*' for token in tokens)


def alembic_include_object(obj: object, name: str | None, type_: str, reflected: bool,
                           compare_to: object) -> bool:
    """Alembic filter: leave the FTS5 index (made by raw SQL in a migration) and the dashboard's covering
    indexes (migrations 0006 and 0009: their columns differ per database) out of comparisons."""
    return not is_search_index_object(name) and name not in ("ix_records_report", "ix_records_waiting")
