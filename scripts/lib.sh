# Shared by the scripts in this folder: paths, progress lines, and the pinned tool versions.
# shellcheck shell=bash
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# wasm-opt comes from npm's binaryen in tools/binaryen (scripts/setup.sh installs it): trunk
# finds it on PATH at the version Trunk.toml pins.
export PATH="$ROOT/tools/binaryen/node_modules/.bin:$HOME/.cargo/bin:$PATH"
TRUNK_VERSION="0.21.14"
CARGO_DEB_VERSION="3.8.0"
# The wasm-by-crate table of `make bench`.
TWIGGY_VERSION="0.8.0"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() { printf 'erro: %s\n' "$*" >&2; exit 1; }

# The wasm-bindgen version the lock file resolved: the CLI must match it exactly.
lock_wasm_bindgen() {
  awk -F'"' '/^name = "wasm-bindgen"$/ { getline; print $2; exit }' "$ROOT/Cargo.lock"
}

# Runs a command as root, through sudo when we are not root.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "precisa de root para: $*"; fi
}
