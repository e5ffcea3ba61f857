import subprocess
import sys


def test_doris_imports_nothing_from_django_or_guru():
    code = (
        "import sys, doris, doris.engine, doris.bench.handbook, doris.bench.peers;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'guru')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
