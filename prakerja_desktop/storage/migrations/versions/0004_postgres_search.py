"""postgres name search index

Revision ID: 0004
Revises: 0002 (0003, bundles and sync tables, is made in parallel: at merge this becomes 0003)
Create Date: 2026-11-28 10:30:00

On PostgreSQL, name search matches word prefixes with LIKE over " " || name_norm; a trigram GIN
index (pg_trgm, a trusted extension since PostgreSQL 13: a database owner may create it) makes that
an index scan. SQLite has its FTS5 index since 0001 and gets nothing here.
"""

from alembic import op

from prakerja_desktop.storage import search_index

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    search_index.create_server_index(op.get_bind())


def downgrade() -> None:
    search_index.drop_server_index(op.get_bind())
