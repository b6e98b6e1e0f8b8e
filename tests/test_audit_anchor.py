"""The audit chain cannot be shortened unnoticed; the device id is hashed; old chains still verify."""

from __future__ import annotations

import getpass
import uuid
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, update

from prakerja_desktop.app import App
from prakerja_desktop.storage import audit, audit_anchor
from prakerja_desktop.storage.models import AuditEvent, utcnow
from tests.test_cli import run


def add_events(app: App, count: int) -> None:
    """COUNT events through the real append (each moves the signed head)."""
    for index in range(count):
        with app.db.write() as session:
            audit.append(session, device_id=app.device.id, actor="system", action="test.event",
                         details={"n": index})


def raw_delete_newest(app: App, count: int) -> None:
    """What someone with the database key could do: delete the newest COUNT events, nothing else."""
    with app.db.write() as session:
        newest = list(session.execute(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(count)).scalars())
        session.execute(delete(AuditEvent).where(AuditEvent.id.in_(newest)))


def test_a_cut_tail_is_found_and_stays_found(data_dir: Path) -> None:
    app = App.open(data_dir)
    try:
        add_events(app, 5)
        assert app.staff.verify_audit().ok
        raw_delete_newest(app, 2)
        report = app.staff.verify_audit()
        assert report.first_broken_id is None and not report.ok  # the links alone still hold
        assert report.head_problem == "events deleted from the end"
        add_events(app, 1)  # a later event must not cover the cut
        report = app.staff.verify_audit()
        assert not report.ok and report.head_problem == "events were deleted earlier"
    finally:
        app.close()


def test_deleting_every_event_or_the_checkpoint_is_found(data_dir: Path) -> None:
    app = App.open(data_dir)
    try:
        add_events(app, 3)
        with app.db.write() as session:
            total = session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
        raw_delete_newest(app, total)
        assert app.staff.verify_audit().head_problem == "events deleted from the end"
        add_events(app, 2)
        with app.db.write() as session:  # now the checkpoint too (the settings row)
            from prakerja_desktop.storage.models import Setting

            session.execute(delete(Setting).where(Setting.key.like(audit_anchor.SETTING_PREFIX + "%")))
        assert app.staff.verify_audit().head_problem == "no checkpoint"
    finally:
        app.close()


def test_a_forged_checkpoint_is_found(data_dir: Path) -> None:
    app = App.open(data_dir)
    try:
        add_events(app, 3)
        raw_delete_newest(app, 1)
        with app.db.write() as session:  # point the checkpoint at the new last event, without the key
            last = session.execute(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).scalar_one()
            from prakerja_desktop import settings_registry

            key = audit_anchor.SETTING_PREFIX + str(app.device.id)
            stored = dict(settings_registry.stored(session, key))
            stored.update(last_id=last.id, last_hash=last.hash)
            settings_registry.write(session, key, stored)
        assert app.staff.verify_audit().head_problem == "checkpoint altered"
    finally:
        app.close()


def test_the_device_id_is_in_the_hash(data_dir: Path) -> None:
    app = App.open(data_dir)
    try:
        add_events(app, 3)
        with app.db.write() as session:
            middle = session.execute(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1).offset(1)).scalar()
            session.execute(update(AuditEvent).where(AuditEvent.id == middle).values(device_id=uuid.uuid4()))
        assert app.staff.verify_audit().first_broken_id == middle
    finally:
        app.close()


def test_a_version_1_chain_still_verifies_and_version_2_follows(data_dir: Path) -> None:
    app = App.open(data_dir)
    try:
        with app.db.write() as session:  # the chain as an older version wrote it: v1 hashes only
            session.execute(delete(AuditEvent))
            prev = audit.GENESIS
            for index in range(3):
                event_uuid, at = uuid.uuid4(), utcnow()
                digest = audit._event_hash(prev, event_uuid, at, "system", "old.event", None, {"n": index})
                session.add(AuditEvent(uuid=event_uuid, device_id=app.device.id, at=at, actor="system",
                                       action="old.event", subject=None, details={"n": index}, prev_hash=prev,
                                       hash=digest))
                prev = digest
            from prakerja_desktop.storage.models import Setting

            session.execute(delete(Setting).where(Setting.key.like(audit_anchor.SETTING_PREFIX + "%")))
        assert app.staff.verify_audit().ok  # no checkpoint yet, and no version-2 event of ours: fine
        add_events(app, 2)
        report = app.staff.verify_audit()
        assert report.ok and report.checked == 5
        with app.db.write() as session:  # a version-1 event after version 2 is refused
            last = session.execute(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).scalar_one()
            forged = audit._event_hash(last.prev_hash, last.uuid, last.at, last.actor, last.action, last.subject,
                                       last.details)
            session.execute(update(AuditEvent).where(AuditEvent.id == last.id).values(hash=forged))
        assert app.staff.verify_audit().first_broken_id is not None
    finally:
        app.close()


@pytest.mark.sqlite_only("it makes a file backup, which an office server does not")
def test_the_command_line_exits_5_on_a_broken_chain_and_names_the_os_user(tmp_path: Path) -> None:
    data = tmp_path / "d"
    result = run("backup", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    user = getpass.getuser()
    assert f'atas nama pengguna komputer "{user}"' in result.stderr
    app = App.open(data)
    try:
        with app.db.read() as session:
            actors = set(session.execute(select(AuditEvent.actor)).scalars())
        assert f"os:{user}" in actors
        raw_delete_newest(app, 1)
    finally:
        app.close()
    result = run("audit", "verify", "--data-dir", str(data))
    assert result.returncode == 5 and "BROKEN" in result.stdout, (result.returncode, result.stdout)
    assert "Traceback" not in result.stderr
