"""The region-data room (app.regions): which Kemendagri code set is in use, and loading a newer one.

The program ships a set (resources/regions/). When Kemendagri publishes a new decision before a
new release, an administrator checks and loads the office's own copy (same format, see
resources/regions/README.md); it is kept in <data folder>/regions/ and used from then on on this
PC, and `use_shipped` goes back to the shipped set. Each change is audit-logged.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from prakerja_desktop.domain import region_data, regions
from prakerja_desktop.domain.region_data import RegionData, RegionFileError
from prakerja_desktop.room import Room
from prakerja_desktop.staff.session import StaffSession
from prakerja_desktop.storage import audit

logger = logging.getLogger(__name__)

OFFICE_FOLDER = "regions"


@dataclass(frozen=True, slots=True)
class RegionCheck:
    """A checked region file and how it differs from the set in use (nothing stored yet)."""

    data: RegionData
    compared_with: str
    added: tuple[str, ...]  # codes new in the file
    removed: tuple[str, ...]  # codes in use now and gone from the file
    renamed: tuple[tuple[str, str, str], ...]  # (code, name now, name in the file)


def office_folder(data_dir: Path) -> Path:
    """Where an office's own region files are kept."""
    return data_dir / OFFICE_FOLDER


def apply_office_data(data_dir: Path) -> None:
    """At start: answer from the office's region files when there are usable ones (else the shipped set)."""
    folder = office_folder(data_dir)
    if not (folder / region_data.CODES_FILE).exists():
        regions.use_data(None)
        return
    try:
        regions.use_data(region_data.load_folder(folder))
    except RegionFileError:  # damaged by hand: the shipped set, and a note for the log (no file text)
        logger.warning("the office's region files are not usable; the shipped set is used")
        regions.use_data(None)


def compare(current: RegionData, new: RegionData) -> RegionCheck:
    """Which codes the new set adds, drops and renames."""
    added = tuple(sorted(set(new.names) - set(current.names)))
    removed = tuple(sorted(set(current.names) - set(new.names)))
    renamed = tuple((code, current.names[code], new.names[code]) for code in sorted(current.names)
                    if code in new.names and current.names[code] != new.names[code])
    return RegionCheck(new, current.version, added, removed, renamed)


class Regions(Room):
    """The Kemendagri region codes in use, and the office's own newer set."""

    def info(self) -> RegionData:
        """The set in use (version, counts, source)."""
        return regions.data_info()

    def is_office_set(self) -> bool:
        """True when this PC uses an office-loaded set rather than the shipped one."""
        return (office_folder(self.app.data_dir) / region_data.CODES_FILE).exists()

    def check_files(self, codes: Path, old_codes: Path | None = None) -> RegionCheck:
        """Validate a region file (and its old-code table) and compare it with the set in use."""
        names, meta = region_data.parse_codes(region_data.read_text(codes), codes.name)
        old = {}
        if old_codes is not None:
            old = region_data.parse_old_codes(region_data.read_text(old_codes), old_codes.name, names)
        return compare(regions.data_info(), RegionData(meta["versi"], names, old, meta))

    def import_files(self, codes: Path, old_codes: Path | None = None,
                     staff: StaffSession | None = None) -> RegionCheck:
        """Check, then keep the files in the data folder and use them from now on; audited."""
        checked = self.check_files(codes, old_codes)
        folder = office_folder(self.app.data_dir)
        staging = folder.with_name(OFFICE_FOLDER + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        shutil.copyfile(codes, staging / region_data.CODES_FILE)
        if old_codes is not None:
            shutil.copyfile(old_codes, staging / region_data.OLD_CODES_FILE)
        shutil.rmtree(folder, ignore_errors=True)
        staging.rename(folder)  # the old folder is gone only once the new one is complete
        regions.use_data(checked.data)
        self._audit("regions.imported", checked.data.version, staff,
                    {"previous": checked.compared_with, "added": len(checked.added),
                     "removed": len(checked.removed), "renamed": len(checked.renamed)})
        return checked

    def use_shipped(self, staff: StaffSession | None = None) -> RegionData:
        """Go back to the set shipped with the program; audited."""
        previous = regions.data_version()
        shutil.rmtree(office_folder(self.app.data_dir), ignore_errors=True)
        regions.use_data(None)
        self._audit("regions.shipped", regions.data_version(), staff, {"previous": previous})
        return regions.data_info()

    def _audit(self, action: str, subject: str, staff: StaffSession | None, details: dict[str, object]) -> None:
        with self.app.db.write() as session:
            audit.append(session, device_id=self.app.device.id, actor=str(staff.uuid) if staff else "system",
                         action=action, subject=subject, details=details)
