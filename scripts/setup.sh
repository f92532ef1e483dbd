#!/usr/bin/env bash
# Installs what building Central needs, skipping whatever is already there at the right
# version. With --browser it also installs what the browser tests need.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
browser=false
bench=false
package=false
for arg in "$@"; do
  case "$arg" in
    --browser) browser=true ;;
    --bench) browser=true; bench=true ;;
    --package) package=true ;;
    *) die "opção desconhecida: $arg (use --browser, --bench ou --package)" ;;
  esac
done
started=$SECONDS

step "Rust target wasm32-unknown-unknown"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  note "já instalado"
else
  rustup target add wasm32-unknown-unknown
fi

step "trunk $TRUNK_VERSION"
if command -v trunk >/dev/null && trunk --version | grep -qx "trunk $TRUNK_VERSION"; then
  note "já instalado"
else
  note "compilando (cerca de 15 minutos em 2 núcleos)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

WBG="$(lock_wasm_bindgen)"
[ -n "$WBG" ] || die "Cargo.lock não tem wasm-bindgen"
grep -q "^wasm_bindgen = \"$WBG\"$" Trunk.toml ||
  die "Trunk.toml [tools] wasm_bindgen deve ser \"$WBG\", a versão do Cargo.lock"
step "wasm-bindgen-cli $WBG (a versão do Cargo.lock)"
if command -v wasm-bindgen >/dev/null && wasm-bindgen --version | grep -qx "wasm-bindgen $WBG"; then
  note "já instalado"
else
  # Without --locked: the registry mirror lacks one of the CLI's locked dependencies.
  cargo install wasm-bindgen-cli --version "$WBG"
fi

step "PostgreSQL (pacote Debian), para os testes do banco compartilhado"
# The store's and the two-gateway tests start a throwaway server from these binaries.
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  note "já instalado: $(ls -d /usr/lib/postgresql/*/ | xargs -n1 basename | sort -n | tail -1)"
else
  as_root apt-get update
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y --no-install-recommends postgresql
fi

# `npm ci` in DIR, skipped while its lock file is the one last installed there.
npm_ci_once() {
  local dir="$1" want stamp
  want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  stamp="$dir/node_modules/.central-lock-sha256"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    note "já instaladas"
  else
    (cd "$dir" && npm ci --no-audit --no-fund)
    echo "$want" > "$stamp"
  fi
}

step "wasm-opt (binaryen 132, npm em tools/binaryen), que o trunk roda no build de release"
command -v node >/dev/null || die "Node.js 20 com npm é necessário para o build do SPA (wasm-opt)"
npm_ci_once tools/binaryen

step "Dependências Rust (cargo fetch)"
cargo fetch --locked

if $package; then
  step "cargo-deb $CARGO_DEB_VERSION (o pacote Debian)"
  if command -v cargo-deb >/dev/null && cargo-deb --version | grep -q "$CARGO_DEB_VERSION"; then
    note "já instalado"
  else
    note "compilando (alguns minutos)"
    cargo install cargo-deb --version "$CARGO_DEB_VERSION" --locked
  fi
  for tool in dpkg-deb curl python3; do
    command -v "$tool" >/dev/null || die "$tool é necessário para verificar o pacote"
  done
fi

if $browser; then
  step "Chromium, ChromeDriver e pdftoppm (pacotes Debian)"
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && [ -x /usr/bin/pdftoppm ]; then
    note "já instalados: $(/usr/bin/chromium --version 2>/dev/null)"
  else
    as_root apt-get update
    # pdftoppm (poppler-utils) renders the boletos the portal draws to PNG for the artifacts.
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y --no-install-recommends chromium chromium-driver poppler-utils
  fi

  step "Ferramentas dos testes de navegador (npm ci em tests/e2e)"
  command -v node >/dev/null || die "Node.js 20 é necessário para os testes de navegador"
  npm_ci_once tests/e2e
fi

if $bench; then
  step "wrk (pacote Debian), para medir o gateway"
  if command -v wrk >/dev/null; then
    note "já instalado"
  else
    as_root apt-get update
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y --no-install-recommends wrk
  fi

  step "twiggy $TWIGGY_VERSION (o wasm por crate)"
  if command -v twiggy >/dev/null && twiggy --version | grep -q " $TWIGGY_VERSION"; then
    note "já instalado"
  else
    cargo install --locked twiggy --version "$TWIGGY_VERSION"
  fi

  step "Lighthouse (npm ci em tests/bench)"
  npm_ci_once tests/bench
fi

note "preparação concluída em $((SECONDS - started)) s"
