#!/usr/bin/env bash
# Every check: format, lints (host and wasm), host tests, the release build, browser journeys.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh" --browser

step "Formatação: cargo fmt --check"
cargo fmt --all --check

step "Lints do host: cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Lints do wasm: cargo clippy --target wasm32-unknown-unknown -D warnings"
cargo clippy -p central -p brazil -p api --target wasm32-unknown-unknown --locked -- -D warnings

step "Testes do host: cargo test"
cargo test --workspace --locked -- --skip attack_suite

step "Ataques: o gateway e o ERP de demonstração atacados por HTTP, uma linha por verificação"
cargo test -p gateway --test attack --locked -- --nocapture

step "brazil compila para wasm32"
cargo build -p brazil --target wasm32-unknown-unknown --locked

"$ROOT/scripts/build.sh"

step "Testes de navegador: Chromium headless contra o gateway"
export CENTRAL_GATEWAY_BIN="$ROOT/target/release/gateway"
export CENTRAL_DEMO_ERP_BIN="$ROOT/target/release/demo-erp"
export CENTRAL_DIST="$ROOT/dist"
(cd tests/e2e && node --test --test-concurrency=1 --test-reporter=spec)

"$ROOT/scripts/package.sh" --no-build
