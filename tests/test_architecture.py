"""The shape of the code: the core knows nothing of Django nor of the packages above it, the
intake pipeline nothing of the apps it serves, and the time is read in one place."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "duban"


def test_the_core_and_the_parser_never_import_django() -> None:
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'django' or name.startswith('django.'):\n"
        "            raise ImportError('django is not allowed in the core')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import duban.core.deadlines, duban.core.quantities, duban.core.consistency, duban.core.lights\n"
        "import duban.ingest, duban.ingest.summary, duban.exports, duban.cli\n"
        "from duban.demo import KEY_WORK_2025\n"
        "duban.ingest.parse_file(KEY_WORK_2025)\n"
        "assert not [m for m in sys.modules if m.startswith('django')]\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_every_package_imports_only_from_the_layers_below_it() -> None:
    """The layer order of docs/development.md, written once in pyproject.toml, over every
    import: at module level, inside functions and for type checking alike."""
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(PACKAGE.parent / "pyproject.toml"), no_cache=True) == 0


CLOCK_READS = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("timezone", "now"),
    ("timezone", "localdate"),
    ("timezone", "localtime"),
    ("time", "time"),
}


def _clock_reads(path: Path) -> list[str]:
    """Calls in path that read the system clock themselves (an argument means a conversion)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
        converts = node.func.attr in {"localdate", "localtime"} and node.args
        if (owner_name, node.func.attr) in CLOCK_READS and not converts:
            found.append(f"{path}:{node.lineno}")
    return found


def test_the_code_reads_the_time_only_through_the_one_clock() -> None:
    clock = PACKAGE / "core" / "clock.py"
    reads = [hit for path in PACKAGE.rglob("*.py") if path != clock for hit in _clock_reads(path)]
    assert reads == [], "use duban.core.clock (now, today, local_now, timestamp)"
