"""dashboard facts

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 00:45:00

The dashboard's waiting list and its top reasons read the consent and the pre-check's reasons, stored as
JSON in the wide (encrypted) record row: seconds over a million people. Two small columns derived on write
(prakerja_desktop/storage/facts.py, the one rule) hold what it needs: `follow_up` and `reason_codes`.
This migration adds them, fills them for existing records in batches (SQLite and PostgreSQL alike), adds
them to the covering index of migration 0006 and makes an index for the waiting list (issue 17).
"""

import sqlalchemy as sa
from alembic import op

from prakerja_desktop.storage import facts

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

BATCH = 5000
OLD_COLUMNS = ["submitted_at", "eligibility_outcome", "district_code", "village", "regency_code",
               "registered_online_on", "entered_by_name"]
REPORT_COLUMNS = OLD_COLUMNS + ["rule_set_id", "reason_codes"]
WAITING_COLUMNS = ["follow_up", "eligibility_outcome", "registered_online_on"]


def upgrade() -> None:
    op.add_column("records", sa.Column("follow_up", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("records", sa.Column("reason_codes", sa.Text(), nullable=False, server_default=""))
    _backfill()
    op.drop_index("ix_records_report", table_name="records")
    if op.get_bind().dialect.name == "sqlite":  # the checklist (JSON) rides in the index: read it alone
        op.create_index("ix_records_report", "records", REPORT_COLUMNS + ["readiness"])
        op.create_index("ix_records_waiting", "records", WAITING_COLUMNS + ["readiness"])
    else:  # PostgreSQL has no btree order for json: the checklist is carried as an included column
        op.create_index("ix_records_report", "records", REPORT_COLUMNS, postgresql_include=["readiness"])
        op.create_index("ix_records_waiting", "records", WAITING_COLUMNS, postgresql_include=["readiness"])


def _backfill() -> None:
    """Derive the two columns for every existing record, BATCH rows at a time (by id)."""
    records = sa.table("records", sa.column("id", sa.Integer()), sa.column("consent", sa.JSON()),
                       sa.column("eligibility_reasons", sa.JSON()), sa.column("follow_up", sa.Boolean()),
                       sa.column("reason_codes", sa.Text()))
    bind = op.get_bind()
    change = (records.update().where(records.c.id == sa.bindparam("row_id"))
              .values(follow_up=sa.bindparam("new_follow_up"), reason_codes=sa.bindparam("new_codes")))
    last = 0
    while True:
        rows = bind.execute(sa.select(records.c.id, records.c.consent, records.c.eligibility_reasons)
                            .where(records.c.id > last).order_by(records.c.id).limit(BATCH)).all()
        if not rows:
            return
        last = rows[-1].id
        derived = [(row.id, facts.record_facts({"consent": row.consent, "eligibility_reasons": row.eligibility_reasons}))
                   for row in rows]
        changed = [{"row_id": row_id, "new_follow_up": values["follow_up"], "new_codes": values["reason_codes"]}
                   for row_id, values in derived if values["follow_up"] or values["reason_codes"]]
        if changed:  # the defaults (false, "") are already there
            bind.execute(change, changed)


def downgrade() -> None:
    op.drop_index("ix_records_waiting", table_name="records")
    op.drop_index("ix_records_report", table_name="records")
    if op.get_bind().dialect.name == "sqlite":
        op.create_index("ix_records_report", "records", OLD_COLUMNS + ["readiness"])
    else:
        op.create_index("ix_records_report", "records", OLD_COLUMNS)
    with op.batch_alter_table("records") as batch:
        batch.drop_column("reason_codes")
        batch.drop_column("follow_up")
