"""Issue 22 item 25: `make run` serves on PORT, and the links it mails must point there too."""
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_gives_the_server_and_the_worker_the_public_url_of_its_port():
    commands = subprocess.run(["make", "-n", "run", "PORT=5101"], cwd=ROOT, capture_output=True, text=True,
                              check=True, env={"PATH": "/usr/bin:/bin"}).stdout
    worker = next(line for line in commands.splitlines() if "flask jobs worker" in line)
    server = next(line for line in commands.splitlines() if "flask run" in line)
    assert "--port 5101" in server
    for line in (worker, server):
        assert "PUBLIC_URL=http://127.0.0.1:5101 " in line
