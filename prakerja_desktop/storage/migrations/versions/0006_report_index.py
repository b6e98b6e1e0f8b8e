"""report index

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 22:10:00

The dashboard counts records of a date range grouped by place, outcome, staff or kiosk, registration
and checklist. A covering index over exactly those columns, led by submitted_at, lets the database read
the range from the index alone instead of decrypting every wide record row it touches (issue 17).
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

COLUMNS = ["submitted_at", "eligibility_outcome", "district_code", "village", "regency_code",
           "registered_online_on", "entered_by_name", "readiness"]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":  # PostgreSQL cannot put a json column in a btree index
        op.create_index("ix_records_report", "records", COLUMNS)
    else:
        op.create_index("ix_records_report", "records", COLUMNS[:-1])


def downgrade() -> None:
    op.drop_index("ix_records_report", table_name="records")
    _ = sa  # the usual import of a migration
