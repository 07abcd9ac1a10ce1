"""The gunicorn configuration: a worker freezes what it loaded before serving."""

import gc
import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def test_a_worker_moves_what_it_loaded_out_of_the_collectors_reach():
    hooks = runpy.run_path(str(CONF))
    gc.unfreeze()
    try:
        hooks["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
