"""Whatever staff type or scan into the search box: an answer (maybe empty), never an exception."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prakerja_desktop.app import App
from prakerja_desktop.staff.records import RecordFilter, StaffRecords
from tests.factories import make_draft

HUNT = int(os.environ.get("PRAKERJA_FUZZ_EXAMPLES", "0"))
TYPED = st.one_of(
    st.text(max_size=60),
    st.sampled_from(['"', '"*', "*", "NEAR(a b)", "a OR b", "a AND NOT b", "^budi", "budi:", "(", ")",
                     "%", "_", "\\", "'", "\x00", "PKJ1.", "PKJ1.K7QD2-000137.20261128.AAAA", "K7QD2-000137",
                     "3508201705000001", "٣٥٠٨٢٠١٧٠٥٠٠٠٠٠١", "０８１２３４５６７８９０", "+62812", "😀", "\u202e"]),
    st.lists(st.sampled_from(["budi", "santoso", '"', "*", "-", "OR", "NEAR", "ß", "İ"]), max_size=6).map(" ".join),
)


@settings(max_examples=HUNT or 60, deadline=None, derandomize=not HUNT,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=TYPED)
def test_search_box_input(app: App, typed: str) -> None:
    if app.records.count() == 0:
        app.records.submit(make_draft())
    staff = StaffRecords(app)
    found = staff.count(RecordFilter(text=typed))
    rows = staff.page(RecordFilter(text=typed))
    assert len(rows) == min(found, 200)  # the count and the page agree
    app.records.find_receipt(typed)
    app.receipts.verify_code(typed)
