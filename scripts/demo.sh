#!/usr/bin/env bash
# Command (1): set up and start the demo on the embedded SQLite default: web server + worker + sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_venv requirements.txt
exec .venv/bin/python manage.py demo "$@"
