"""The core knows nothing of Django: it must run where Django is not even installed."""

from __future__ import annotations

import subprocess
import sys


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
