"""lp's performance harness: `python -m bench` (or `make bench`) measures lp at council scale and writes bench/report.md.

Timing lives here, never in `make test`: these are measurements against budgets, not pass/fail tests.
See docs/performance.md for what each part measures and how to run it.
"""
