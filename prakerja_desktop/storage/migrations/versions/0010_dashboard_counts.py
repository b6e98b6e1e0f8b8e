"""dashboard counts per day

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 04:00:00

The dashboard over a year read every record of the year (33 s over a million people). This migration adds
the counts per UTC day it reads instead (`dashboard_counts`, counts only), the months added up
(`dashboard_month_counts`), the days changed since their counts were made (`dashboard_dirty`) and the
triggers on records and wave outcomes that note those days for every writer; follow_up joins the report
index (a day is counted from the index alone). It counts every existing day, one day at a time
(prakerja_desktop/reports/counts.py, the one rule; issue 17).
"""

import sqlalchemy as sa
from alembic import op

from prakerja_desktop.reports import counts

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

# A day is noted once until it is recounted (a bundle of 50,000 people notes a few days, not 50,000 rows).
# Safe because the recount runs in a write, which every other write waits for (BEGIN IMMEDIATE; on
# PostgreSQL the writers' advisory lock): no write can see a note the recount is about to clear.
NOTE = ("INSERT INTO dashboard_dirty (day) SELECT {day} WHERE {day} IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM dashboard_dirty WHERE day = {day})")
OUTCOME_NOTE = ("INSERT INTO dashboard_dirty (day) SELECT DISTINCT date(submitted_at) FROM records WHERE id IN ({ids}) "
                "AND NOT EXISTS (SELECT 1 FROM dashboard_dirty WHERE day = date(records.submitted_at))")
SQLITE_TRIGGERS = [
    "CREATE TRIGGER dashboard_records_insert AFTER INSERT ON records BEGIN "
    f"{NOTE.format(day='date(NEW.submitted_at)')}; END",
    "CREATE TRIGGER dashboard_records_update AFTER UPDATE ON records BEGIN "
    f"{NOTE.format(day='date(OLD.submitted_at)')}; {NOTE.format(day='date(NEW.submitted_at)')}; END",
    "CREATE TRIGGER dashboard_records_delete AFTER DELETE ON records BEGIN "
    f"{NOTE.format(day='date(OLD.submitted_at)')}; END",
    "CREATE TRIGGER dashboard_outcomes_insert AFTER INSERT ON wave_outcomes BEGIN "
    f"{OUTCOME_NOTE.format(ids='NEW.record_id')}; END",
    "CREATE TRIGGER dashboard_outcomes_update AFTER UPDATE ON wave_outcomes BEGIN "
    f"{OUTCOME_NOTE.format(ids='OLD.record_id, NEW.record_id')}; END",
    "CREATE TRIGGER dashboard_outcomes_delete AFTER DELETE ON wave_outcomes BEGIN "
    f"{OUTCOME_NOTE.format(ids='OLD.record_id')}; END",
]
SQLITE_TRIGGER_NAMES = ["dashboard_records_insert", "dashboard_records_update", "dashboard_records_delete",
                        "dashboard_outcomes_insert", "dashboard_outcomes_update", "dashboard_outcomes_delete"]
POSTGRES_TRIGGERS = [
    """CREATE FUNCTION dashboard_note_day(noted text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF noted IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dashboard_dirty WHERE day = noted) THEN
        INSERT INTO dashboard_dirty (day) VALUES (noted);
    END IF;
END $$""",
    """CREATE FUNCTION dashboard_note_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM dashboard_note_day(to_char(OLD.submitted_at, 'YYYY-MM-DD'));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM dashboard_note_day(to_char(NEW.submitted_at, 'YYYY-MM-DD'));
    END IF;
    RETURN NULL;
END $$""",
    """CREATE FUNCTION dashboard_note_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM dashboard_note_day((SELECT to_char(submitted_at, 'YYYY-MM-DD') FROM records WHERE id = OLD.record_id));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM dashboard_note_day((SELECT to_char(submitted_at, 'YYYY-MM-DD') FROM records WHERE id = NEW.record_id));
    END IF;
    RETURN NULL;
END $$""",
    "CREATE TRIGGER dashboard_records AFTER INSERT OR UPDATE OR DELETE ON records "
    "FOR EACH ROW EXECUTE PROCEDURE dashboard_note_record()",
    "CREATE TRIGGER dashboard_outcomes AFTER INSERT OR UPDATE OR DELETE ON wave_outcomes "
    "FOR EACH ROW EXECUTE PROCEDURE dashboard_note_outcome()",
]


OLD_REPORT_COLUMNS = ["submitted_at", "eligibility_outcome", "district_code", "village", "regency_code",
                      "registered_online_on", "entered_by_name", "rule_set_id", "reason_codes"]
REPORT_COLUMNS = OLD_REPORT_COLUMNS + ["follow_up"]


def _counts_table(name: str, period: str, length: int) -> None:
    """A table of kept counts (storage/models.py _DashboardCounts) keyed by a day or a month."""
    op.create_table(name,
    sa.Column(period, sa.String(length=length), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    *[sa.Column(f'k{i}', sa.Text(), nullable=False) for i in range(1, 6)],
    *[sa.Column(f'n{i}', sa.Integer(), nullable=False) for i in range(1, 7)],
    sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{name}'))
    )
    op.create_index(op.f(f'ix_{name}_{period}'), name, [period], unique=False)


def _report_index(columns: list[str]) -> None:
    """Migration 0006's covering index of the report columns (0009's, or with follow_up as of 0010)."""
    op.drop_index("ix_records_report", table_name="records")
    if op.get_bind().dialect.name == "sqlite":
        op.create_index("ix_records_report", "records", columns + ["readiness"])
    else:
        op.create_index("ix_records_report", "records", columns, postgresql_include=["readiness"])


def upgrade() -> None:
    _counts_table('dashboard_counts', 'day', 10)
    _counts_table('dashboard_month_counts', 'month', 7)
    _report_index(REPORT_COLUMNS)  # a day is counted from the index alone (the waiting list's consent too)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and sa.inspect(bind).has_table("sqlite_stat1"):
        # The file was analysed (the benchmark's copies are): without its new index's statistics the planner
        # would take the bare submitted_at index and read every wide row of a day.
        op.execute("ANALYZE ix_records_report")
    op.create_table('dashboard_dirty',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('day', sa.String(length=10), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dashboard_dirty'))
    )
    op.create_index(op.f('ix_dashboard_dirty_day'), 'dashboard_dirty', ['day'], unique=False)
    postgres = bind.dialect.name == "postgresql"
    for statement in POSTGRES_TRIGGERS if postgres else SQLITE_TRIGGERS:
        op.execute(statement)
    # Every day that has records is counted now, a day at a time (counts.refresh).
    day = "to_char(submitted_at, 'YYYY-MM-DD')" if postgres else "date(submitted_at)"
    op.execute(f"INSERT INTO dashboard_dirty (day) SELECT DISTINCT {day} FROM records")
    counts.refresh(bind)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER dashboard_outcomes ON wave_outcomes")
        op.execute("DROP TRIGGER dashboard_records ON records")
        op.execute("DROP FUNCTION dashboard_note_outcome()")
        op.execute("DROP FUNCTION dashboard_note_record()")
        op.execute("DROP FUNCTION dashboard_note_day(text)")
    else:
        for name in SQLITE_TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER {name}")
    op.drop_index(op.f('ix_dashboard_dirty_day'), table_name='dashboard_dirty')
    op.drop_table('dashboard_dirty')
    op.drop_index(op.f('ix_dashboard_month_counts_month'), table_name='dashboard_month_counts')
    op.drop_table('dashboard_month_counts')
    op.drop_index(op.f('ix_dashboard_counts_day'), table_name='dashboard_counts')
    op.drop_table('dashboard_counts')
    _report_index(OLD_REPORT_COLUMNS)
