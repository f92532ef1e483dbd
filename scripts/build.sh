#!/usr/bin/env bash
# Builds the SPA (release wasm, size profile) into dist/ and the gateway.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
step "SPA: trunk build --release --offline"
trunk build --release --offline
step "Gateway: cargo build --release -p gateway"
cargo build --release -p gateway
