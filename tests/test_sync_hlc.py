"""The hybrid logical clock: never backwards, follows what it sees, not a clock a year ahead."""

from __future__ import annotations

import uuid

from prakerja_desktop.sync import hlc


def test_the_clock_never_goes_back_and_follows_what_it_sees(app) -> None:  # type: ignore[no-untyped-def]
    device = app.device.id
    now = hlc.wall_ms() + 5_000
    with app.db.write() as session:
        first = hlc.tick(session, device, now_ms=now)
        second = hlc.tick(session, device, now_ms=1_000_000_000_000)  # the wall clock jumped back to 2001
        assert second > first and hlc.parse(second).ms == now  # type: ignore[union-attr]
        other = str(hlc.Hlc(now + 500, 7, uuid.uuid4().hex))
        hlc.observe(session, device, other)
        assert hlc.tick(session, device, now_ms=1) > other
        far = str(hlc.Hlc(hlc.wall_ms() + 400 * 24 * 3600 * 1000, 0, uuid.uuid4().hex))
        hlc.observe(session, device, far)
        assert hlc.tick(session, device) < far  # a year ahead is not followed
        assert hlc.parse("garbage") is None and hlc.parse("") is None


def test_rows_from_before_the_clock_go_in_the_first_bundle(app, tmp_path, fresh_db_url) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from prakerja_desktop.sync.room import Sync
    from tests.sync_support import add_person, open_device, pair

    add_person(app, 1, "Ani Lama")
    with app.db.write() as session:
        session.execute(text("UPDATE records SET hlc = ''"))  # as left by the 0003 migration
    office = open_device(tmp_path, "office", fresh_db_url)
    try:
        pair(office, app, tmp_path / "pairing")
        assert Sync(app).export_bundle(tmp_path / "b.pkjb").counts["records"] == 1
    finally:
        office.close()
