#!/usr/bin/env bash
# One command from a fresh clone to the portal at http://127.0.0.1:8080.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh"
step "Central em http://127.0.0.1:8080 (Ctrl-C para parar)"
exec "$ROOT/target/release/gateway" --listen 127.0.0.1:8080 --dist "$ROOT/dist"
