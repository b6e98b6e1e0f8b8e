"""The shape of the code, checked by walking every module's AST.

- The core never imports Qt (or the GUI package).
- The door: ui/, prakerja_desktop/commands/ and main.py reach the core only through the App object
  (prakerja_desktop.app), the rooms' public modules, domain types, errors and i18n (ALLOWED_IN_DOOR):
  never storage, security or the sync internals; they never touch `.db`.
- Transactions (`with <db>.read()` / `with <db>.write()`) are opened only inside the rooms and storage.
- The core's imports form no cycle, counting imports inside functions (TYPE_CHECKING blocks aside).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "prakerja_desktop"
FORBIDDEN = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "ui")

# What the GUI and the command line may import from the core (a module, or a package and all below it).
ALLOWED_IN_DOOR = (
    "prakerja_desktop",  # the package itself: __version__
    "prakerja_desktop.app",  # App and the door's data types
    "prakerja_desktop.domain",  # rules, findings, flow, field parsing: pure, no database
    "prakerja_desktop.errors",
    "prakerja_desktop.i18n",
    "prakerja_desktop.commands",  # the command line's own package
    # infrastructure with no database: folders, time, logging, printers, the keyboard before the app opens
    "prakerja_desktop.paths",
    "prakerja_desktop.clock",
    "prakerja_desktop.logs",
    "prakerja_desktop.printing",
    "prakerja_desktop.onscreen_keyboard",
    "prakerja_desktop.photo",  # the photo practice's checks: pure, on frames in memory, never the database
    "prakerja_desktop.kiosk.supervisor",
    # the settings declarations (labels, bounds, choices for the settings screen); values go through app.settings
    "prakerja_desktop.settings_registry",
    # the rooms' public modules: their data types, constants and pure checks
    "prakerja_desktop.backups.room",
    "prakerja_desktop.backups.schedule",
    "prakerja_desktop.batch",
    "prakerja_desktop.keys.room",
    "prakerja_desktop.kiosk.mode",
    "prakerja_desktop.receipts.content",
    "prakerja_desktop.receipts.proof",  # the receipt code's format: pure parsing
    "prakerja_desktop.receipts.verify",  # the verification answer (Verdict) and its statuses
    "prakerja_desktop.receipts.words",  # that answer in words
    "prakerja_desktop.reports.aggregate",
    "prakerja_desktop.reports.export",
    "prakerja_desktop.rulebook",
    "prakerja_desktop.staff.accounts",
    "prakerja_desktop.staff.records",
    "prakerja_desktop.staff.views",
    "prakerja_desktop.sync.ack",
    "prakerja_desktop.sync.export",
    "prakerja_desktop.sync.review",
    "prakerja_desktop.sync.room",
)
# Where transactions may be opened: the rooms (packages and modules) and storage itself.
ROOMS = ("app.py", "room.py", "settings_room.py", "backups", "batch", "keys", "kiosk",
         "receipts", "records", "reports", "rulebook", "staff", "storage", "sync")


def _outside_type_checking(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node, except those inside `if TYPE_CHECKING:` blocks."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                stack.extend(child.orelse)
                continue
            stack.append(child)


def _parse(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every module a file imports."""
    return {name.split(".")[0] for name in full_imports(path, type_checking=True)}


def full_imports(path: Path, *, type_checking: bool = False, module: str = "") -> set[str]:
    """Full dotted names a file imports (`from a import b` gives a.b too, b may be a module)."""
    tree = _parse(path)
    nodes = ast.walk(tree) if type_checking else _outside_type_checking(tree)
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the importing module's package
                package = module.split(".")[: -node.level] if module else []
                base = ".".join([*package, base] if base else package)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def door_violations(path: Path) -> list[str]:
    """What a GUI or command-line file imports from the core beyond ALLOWED_IN_DOOR, and its `.db` uses."""
    found = []
    tree = _parse(path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            base = node.module  # `from a.b import c`: fine when a.b is allowed, or c is an allowed module
            modules = [base] if _allowed(base) and base != "prakerja_desktop" else [
                f"{base}.{alias.name}" for alias in node.names]
        else:
            if isinstance(node, ast.Attribute) and node.attr == "db":
                found.append(f"line {node.lineno}: .db")
            continue
        for name in modules:
            if name.startswith("prakerja_desktop") and not _allowed(name):
                found.append(f"line {node.lineno}: {name}")
    return found


def _allowed(name: str) -> bool:
    """True when the GUI and the command line may import this core module (or name)."""
    if name == "prakerja_desktop.__version__":
        return True
    for allowed in ALLOWED_IN_DOOR:
        if name == allowed or (allowed != "prakerja_desktop" and name.startswith(allowed + ".")):
            return True
    return False


def transaction_calls(path: Path) -> list[str]:
    """`with x.read()` / `with x.write()` (no arguments: a database transaction) in a file."""
    found = []
    for node in ast.walk(_parse(path)):
        if isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                call = item.context_expr
                if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                        and call.func.attr in ("read", "write") and not call.args and not call.keywords):
                    found.append(f"line {node.lineno}: {ast.unparse(call)}")
    return found


def door_files() -> list[Path]:
    """The GUI, the command line and main.py."""
    gui, commands = sorted((ROOT / "ui").rglob("*.py")), sorted((CORE / "commands").rglob("*.py"))
    return [*gui, *commands, ROOT / "main.py"]


def core_files() -> list[Path]:
    """Every core module except the migration scripts."""
    return [p for p in sorted(CORE.rglob("*.py")) if "migrations" not in p.parts]


def module_name(path: Path) -> str:
    """prakerja_desktop/a/b.py -> prakerja_desktop.a.b; a package's __init__ is the package."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(files: list[Path]) -> dict[str, set[str]]:
    """Module -> the core modules it imports, at import time or inside a function (TYPE_CHECKING aside).

    A function-level import only postpones a cycle, so it counts; one that exists to keep start-up fast
    imports a heavy library (reportlab, openpyxl), not a core module that imports the caller back.
    """
    known = {module_name(p): p for p in files}
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        tree = _parse(path)
        edges: set[str] = set()
        for node in _outside_type_checking(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                # `from pkg import submodule` depends on the submodule; `from mod import name` on mod.
                # (The implicit import of a parent package's __init__ is not an edge, as in import-linter.)
                targets = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in known
                           else node.module for alias in node.names]
            for target in targets:
                while target and target not in known:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    edges.add(target)
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules, or None."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        state[node] = 2
        path.pop()
        return None

    for start in sorted(graph):
        if start not in state:
            cycle = visit(start)
            if cycle:
                return cycle
    return None


def test_core_does_not_import_qt_or_the_gui() -> None:
    offenders = {
        str(path.relative_to(CORE)): sorted(imported_modules(path) & set(FORBIDDEN))
        for path in CORE.rglob("*.py")
    }
    offenders = {name: found for name, found in offenders.items() if found}
    assert offenders == {}


def test_the_checker_finds_a_qt_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from PySide6.QtWidgets import QLabel\n    return QLabel\n")
    assert "PySide6" in imported_modules(sample)


def test_core_is_scanned() -> None:
    assert len(list(CORE.rglob("*.py"))) > 10


def test_gui_and_command_line_use_only_the_door() -> None:
    offenders = {str(p.relative_to(ROOT)): found for p in door_files() if (found := door_violations(p))}
    assert offenders == {}


def test_the_door_checker_finds_storage_and_db(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from prakerja_desktop.storage.models import RecordRow\n"
                      "from prakerja_desktop import security\n"
                      "from prakerja_desktop.app import App\n"
                      "def f(app):\n    import prakerja_desktop.sync.apply\n    return app.db.url\n")
    assert door_violations(sample) == ["line 1: prakerja_desktop.storage.models.RecordRow",
                                       "line 2: prakerja_desktop.security",
                                       "line 5: prakerja_desktop.sync.apply", "line 6: .db"]


def test_door_files_are_scanned() -> None:
    names = {str(path.relative_to(ROOT)) for path in door_files()}
    assert {"main.py", "ui/staff/batch_check.py", "prakerja_desktop/commands/check.py"} <= names


def test_transactions_only_in_rooms_and_storage() -> None:
    outside = [p for p in [*core_files(), *door_files()]
               if p.is_relative_to(ROOT / "ui") or p == ROOT / "main.py"
               or p.relative_to(CORE).parts[0] not in ROOMS]
    offenders = {str(path.relative_to(ROOT)): found for path in outside if (found := transaction_calls(path))}
    assert offenders == {}
    assert len(outside) > 20  # the GUI, the command line and the core's infrastructure were looked at


def test_the_transaction_checker_finds_one(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f(app, path):\n    with open(path) as f, app.db.write() as session:\n"
                      "        return session\n    with path.read(3):\n        pass\n")
    assert transaction_calls(sample) == ["line 2: app.db.write()"]


def test_core_imports_have_no_cycle() -> None:
    graph = import_graph(core_files())
    assert len(graph) > 50
    assert find_cycle(graph) is None


def test_the_cycle_finder_finds_one(tmp_path: Path) -> None:
    package = tmp_path / "prakerja_desktop"
    package.mkdir()
    (package / "a.py").write_text("from prakerja_desktop import b\n")
    (package / "b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                  "    from prakerja_desktop import c\nfrom prakerja_desktop.c import x\n")
    (package / "c.py").write_text("def f():\n    from prakerja_desktop.a import y\n")
    files = sorted(package.glob("*.py"))
    graph = {name.replace(str(tmp_path.name), ""): edges for name, edges in
             import_graph_at(tmp_path, files).items()}
    assert find_cycle(graph) == ["prakerja_desktop.a", "prakerja_desktop.b", "prakerja_desktop.c",
                                 "prakerja_desktop.a"]
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                  "    from prakerja_desktop.a import y\n")
    assert find_cycle(import_graph_at(tmp_path, files)) is None


def import_graph_at(root: Path, files: list[Path]) -> dict[str, set[str]]:
    """import_graph() for files under another root (the checker's own test)."""
    global ROOT
    saved, ROOT = ROOT, root
    try:
        return import_graph(files)
    finally:
        ROOT = saved


def test_the_batch_screen_and_the_command_share_one_use_case() -> None:
    for path in (ROOT / "ui/staff/batch_check.py", CORE / "commands/check.py"):
        text = path.read_text(encoding="utf-8")
        assert ".batch.check(" in text, path
        assert "run_check" not in text and "database_lookup" not in text, path


def test_the_first_screen_imports_no_validator_database_or_pdf_library() -> None:
    """Start-up speed: Welcome shows before the database and the field validators are imported.

    The step table once imported the step warnings, and with them phonenumbers, stdnum and
    email_validator, which doubled the time to the first screen (bench/startup.py).
    """
    import os
    import subprocess
    import sys

    heavy = ("phonenumbers", "stdnum", "email_validator", "sqlalchemy", "alembic", "sqlcipher3", "reportlab",
             "openpyxl", "segno", "cryptography", "argon2")
    code = (
        "import sys; from PySide6.QtWidgets import QApplication; app = QApplication([]); "
        "import ui.main_window; "
        f"bad = sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r})); print(bad)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
