#!/usr/bin/env bash
# The benchmarks (not part of `make test`): first-screen bytes, a slow phone's load and
# sign-in, and the gateway's throughput against the ERP's. Prints a table, writes JSON.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh" --bench
"$ROOT/scripts/build.sh"
step "Benchmarks"
export CENTRAL_GATEWAY_BIN="$ROOT/target/release/gateway"
export CENTRAL_DEMO_ERP_BIN="$ROOT/target/release/demo-erp"
export CENTRAL_DIST="$ROOT/dist"
export BENCH_OUT="${BENCH_OUT:-$ROOT/target/bench/bench.json}"
(cd tests/e2e && node bench.mjs)
