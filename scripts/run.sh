#!/usr/bin/env bash
# One command from a fresh clone to the portal at http://localhost:8080, with the demo ERP
# behind it on 127.0.0.1:8090 (configuration: central.example.toml).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh"
mkdir -p .central
step "ERP de demonstração em http://127.0.0.1:8090"
"$ROOT/target/release/demo-erp" --port 8090 --database .central/demo-erp.sqlite &
erp_pid=$!
trap 'kill "$erp_pid" 2>/dev/null' EXIT INT TERM
for _ in $(seq 50); do
  (exec 3<>/dev/tcp/127.0.0.1/8090) 2>/dev/null && break
  sleep 0.1
done
step "Central em http://localhost:8080 (Ctrl-C para parar)"
"$ROOT/target/release/gateway" --config central.example.toml --listen 127.0.0.1:8080 --dist "$ROOT/dist"
