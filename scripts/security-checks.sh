#!/usr/bin/env bash
# CI security checks: bandit (static analysis of lp/ and app.py) and pip-audit (known vulnerabilities in
# the installed dependencies). Run from .ci/run after `make setup`; see docs/security.md.
#
# bandit fails the build on any finding of medium or high severity.
# pip-audit fails the build on any known vulnerability not listed in IGNORED_VULNS (each needs a dated
# exception in docs/security.md). It needs PyPI's advisory API: when that cannot be reached, the script
# says so plainly and does not fail the build for that reason alone.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

# Known vulnerabilities accepted for now, one per line, each with a dated entry in docs/security.md.
IGNORED_VULNS=(
)

status=0

echo "== bandit (medium and high severity fail)"
if ! "$BIN/bandit" -c pyproject.toml -r lp app.py --severity-level medium --quiet; then
    echo "bandit: findings above; fix them or justify a '# nosec BXXX' next to the line" >&2
    status=1
fi

echo "== pip-audit (installed dependencies, PyPI advisory database)"
if ! "$BIN/python" - <<'PY'
# pip-audit asks PyPI for https://pypi.org/pypi/<name>/<version>/json of each installed package: the
# same question about Flask shows whether the answers can be had from here.
import importlib.metadata
import sys
import urllib.request

url = f"https://pypi.org/pypi/flask/{importlib.metadata.version('flask')}/json"
try:
    urllib.request.urlopen(url, timeout=15).close()  # noqa: S310 - a fixed https URL
except Exception as error:  # noqa: BLE001 - any failure means the same thing here
    print(f"cannot read {url}: {error}", file=sys.stderr)
    sys.exit(1)
PY
then
    echo "pip-audit: SKIPPED - PyPI's advisory API cannot be reached from this machine, so NOTHING was audited."
    echo "pip-audit: run scripts/security-checks.sh where PyPI is reachable before a release."
else
    ignore_args=()
    for id in "${IGNORED_VULNS[@]}"; do ignore_args+=(--ignore-vuln "$id"); done
    # --strict: a dependency that could not be audited is a failure, not a silent pass.
    if ! "$BIN/pip-audit" --strict --skip-editable --progress-spinner off --desc on "${ignore_args[@]}"; then
        echo "pip-audit: upgrade the package, or add a dated exception to docs/security.md and IGNORED_VULNS" >&2
        status=1
    fi
fi

exit $status
