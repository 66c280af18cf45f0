"""`python -m bench` (`make bench`): run every benchmark (bench/*_bench.py), each in its own process.

Each writes its own section of bench/README.md; options go to the modules themselves, e.g.
`python -m bench.store_bench --sizes 100k`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

failed = []
for module in sorted(Path(__file__).parent.glob("*_bench.py")):
    print(f"== bench.{module.stem}", flush=True)
    if subprocess.run([sys.executable, "-m", f"bench.{module.stem}"]).returncode:
        failed.append(module.stem)
if failed:
    print(f"failed: {', '.join(failed)}", file=sys.stderr)
raise SystemExit(1 if failed else 0)
