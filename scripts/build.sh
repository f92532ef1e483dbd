#!/usr/bin/env bash
# Builds the SPA (release wasm, size profile) into dist/, the gateway and the demo ERP.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
step "SPA: trunk build --release --offline"
trunk build --release --offline
step "Gateway e ERP de demonstração: cargo build --release"
cargo build --release -p gateway -p demo-erp
step "SPA pré-comprimido (.br e .gz ao lado de cada arquivo)"
"$ROOT/target/release/precompress" dist
