#!/usr/bin/env bash
# Before the first release lp keeps one initial migration: after changing a model, rebuild it from
# the models (on a scratch SQLite database) so migrations and models never drift apart.
# After the first release, add numbered migrations instead (flask db migrate --rev-id 0002 ...).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
rm -f migrations/versions/0001_initial.py
LP_DATABASE_URL="sqlite:///$scratch/regen.sqlite3" .venv/bin/flask --app app db migrate --rev-id 0001 -m "initial" >/dev/null
sed -i 's/^"""initial/"""The initial schema: every table of the data model./' migrations/versions/0001_initial.py
echo "migrations/versions/0001_initial.py rebuilt from the models"
