"""Runs every test/tf/check_*.py in this one Python process (TensorFlow is imported once per venv, not once per
check: the import alone takes seconds on a shared runner). Usage: run_checks.py WORK"""
import glob, os, runpy, sys

here = os.path.dirname(os.path.abspath(__file__))
work = sys.argv[1]
import tensorflow as tf  # noqa: E402

for check in sorted(glob.glob(os.path.join(here, "check_*.py"))):
    print(f"== {os.path.relpath(check)} (TF {tf.__version__})", flush=True)
    sys.argv = [check, work]
    runpy.run_path(check, run_name="__main__")
