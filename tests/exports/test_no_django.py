"""The exports run where Django is not even installed, like the parser they sit beside."""

from __future__ import annotations

import subprocess
import sys


def test_the_exports_never_import_django() -> None:
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'django' or name.startswith('django.'):\n"
        "            raise ImportError('django is not allowed in the exports')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import duban.exports as e, duban.ingest\n"
        "from duban.demo import KEY_WORK_2025\n"
        "plan = e.plan_export_from_doc(duban.ingest.parse_file(KEY_WORK_2025))\n"
        "assert e.render_plan_docx(plan) and e.render_plan_xlsx(plan)\n"
        "assert not [m for m in sys.modules if m.startswith('django')]\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
