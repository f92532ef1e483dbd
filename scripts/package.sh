#!/usr/bin/env bash
# `make package`: the Debian package (target/debian/central_*.deb), then its checks.
# With --no-build it packages what is already built (make test builds it first).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh" --package
[ "${1:-}" = "--no-build" ] || "$ROOT/scripts/build.sh"
step "Pacote Debian: cargo deb"
rm -f target/debian/central_*.deb
cargo deb -p gateway --no-build
"$ROOT/scripts/check-package.sh" target/debian/central_*.deb
