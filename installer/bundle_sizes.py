"""List the biggest files and folders of a built bundle, to decide what else to leave out.

    python installer/bundle_sizes.py [dist/PrakerjaDesktop] [--top 40] [--depth 3]

Prints the total, the biggest files and the biggest folders (summed to --depth levels). Only reads.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BUNDLE = ROOT / "dist" / "PrakerjaDesktop"


def tree_size(folder: Path) -> int:
    """Bytes of every regular file under folder (symlinks not followed, not counted)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def human(size: int) -> str:
    """1234567 -> '1.2 MB' (decimal units, as the size budget is stated)."""
    value = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


def biggest(folder: Path, top: int, depth: int) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The top files and the top folders (to depth levels below folder) by size."""
    files: list[tuple[int, str]] = []
    folders: Counter[str] = Counter()
    for path in folder.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        size = path.stat().st_size
        relative = path.relative_to(folder)
        files.append((size, relative.as_posix()))
        for level in range(1, min(depth, len(relative.parts) - 1) + 1):
            folders["/".join(relative.parts[:level]) + "/"] += size
    files.sort(reverse=True)
    return files[:top], [(size, name) for name, size in folders.most_common(top)]


def main(argv: list[str] | None = None) -> int:
    """Print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=DEFAULT_BUNDLE)
    parser.add_argument("--top", type=int, default=40, help="how many files and folders to list")
    parser.add_argument("--depth", type=int, default=3, help="folder levels to sum")
    args = parser.parse_args(argv)
    if not args.bundle.is_dir():
        print(f"bundle_sizes: {args.bundle} is not a folder; build it first (python installer/build.py)",
              file=sys.stderr)
        return 2
    files, folders = biggest(args.bundle, args.top, args.depth)
    print(f"{args.bundle}: {human(tree_size(args.bundle))}")
    print("\nbiggest files:")
    for size, name in files:
        print(f"  {human(size):>10}  {name}")
    print("\nbiggest folders:")
    for size, name in folders:
        print(f"  {human(size):>10}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
