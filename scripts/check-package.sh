#!/usr/bin/env bash
# Checks a built central .deb: its files, its conffile (which holds no secret), its systemd
# unit (systemd-analyze verify), and the installed gateway starting from the package's own
# paths in a throwaway root, against a demo ERP.
source "$(dirname "$0")/lib.sh"
deb="${1:?uso: check-package.sh central_VERSÃO_ARQ.deb}"
[ -f "$deb" ] || die "$deb não existe"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
root="$work/root"
failed=0
check() { # check DESCRIPTION COMMAND...
  local what="$1"; shift
  if "$@" >/dev/null 2>&1; then note "ok    $what"; else note "FALHA $what"; failed=1; fi
}

step "Arquivos do pacote"
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' > "$work/files"
note "$(grep -vc '/$' "$work/files") arquivos"
for f in /usr/bin/central-gateway /usr/share/central/dist/index.html /etc/central/central.toml \
  /usr/share/doc/central/central.example.toml /usr/share/doc/central/deploy/nginx.conf \
  /usr/share/doc/central/deploy/Caddyfile /usr/share/doc/central/deploy/grafana.json; do
  check "contém $f" grep -qx "$f" "$work/files"
done
check "contém o SPA compilado (.wasm e .wasm.br)" grep -q '^/usr/share/central/dist/.*_bg\.wasm\.br$' "$work/files"
check "contém a unidade systemd" grep -Eq '^/(usr/)?lib/systemd/system/central\.service$' "$work/files"
check "nada fora de /usr, /etc e /lib" bash -c "! grep -Ev '^/(usr|etc|lib)(/|$)|^/$' '$work/files'"

step "Controle e conffile"
dpkg-deb -e "$deb" "$work/control"
check "conffile /etc/central/central.toml" grep -qx /etc/central/central.toml "$work/control/conffiles"
dpkg-deb -x "$deb" "$root"
check "o conffile não tem segredo (nem secret = nem token =)" \
  bash -c "! grep -Eq '^[[:space:]]*(secret|token|password)[[:space:]]*=' '$root/etc/central/central.toml'"
check "não habilita nem inicia o serviço na instalação" bash -c "! grep -q 'systemctl.*start' '$work/control/postinst' 2>/dev/null"

step "Unidade systemd"
unit="$(find "$root" -name central.service | head -1)"
if command -v systemd-analyze >/dev/null; then
  # The targets the unit names (multi-user, network-online…) come from this machine.
  mkdir -p "$root/usr/lib/systemd/system"
  cp -rn /usr/lib/systemd/system/. "$root/usr/lib/systemd/system/" 2>/dev/null || true
  check "systemd-analyze verify" systemd-analyze verify --root="$root" "${unit#"$root"}"
  systemd-analyze verify --root="$root" "${unit#"$root"}" 2>&1 | sed 's/^/      /' | head -5 || true
  exposure="$(systemd-analyze security --offline=true --root="$root" "${unit#"$root"}" 2>/dev/null | tail -1 || true)"
  [ -n "$exposure" ] && note "exposição: ${exposure#→ }"
else
  note "systemd-analyze ausente: conferidas só as diretivas abaixo"
fi
for d in DynamicUser=yes StateDirectory=central NoNewPrivileges=yes ProtectSystem=strict \
  RestrictAddressFamilies= ProtectHome=yes PrivateTmp=yes MemoryDenyWriteExecute=yes; do
  check "$d" grep -q "^$d" "$unit"
done

step "O gateway instalado parte dos caminhos do pacote (chroot descartável)"
if [ "$(id -u)" -ne 0 ]; then
  note "sem root: chroot não é possível aqui; pulado"
else
  # The binary's shared libraries, where the loader looks for them.
  ldd "$root/usr/bin/central-gateway" | grep -o '/[^ ]*' | while read -r lib; do
    mkdir -p "$root$(dirname "$lib")" && cp -L "$lib" "$root$lib"
  done
  mkdir -p "$root/var/lib/central" "$root/tmp"
  free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
  erp_port="$(free_port)"; gw_port="$(free_port)"; metrics_port="$(free_port)"
  "$ROOT/target/release/demo-erp" --port "$erp_port" --database "$work/erp.sqlite" >"$work/erp.log" 2>&1 &
  pids+=($!)
  # The operator's one edit for this machine: the metrics port.
  sed -i "s|127.0.0.1:9090|127.0.0.1:$metrics_port|" "$root/etc/central/central.toml"
  # A clean environment, as systemd gives the service: nothing from this shell (such as the
  # browser tests' CENTRAL_DIST) may stand in for the package's own paths.
  env -i CENTRAL_ERP_TOKEN=demo-token CENTRAL_ERP_BASE_URL="http://127.0.0.1:$erp_port" \
    "$(command -v chroot)" "$root" /usr/bin/central-gateway --config /etc/central/central.toml --listen "127.0.0.1:$gw_port" \
    >"$work/gateway.log" 2>&1 &
  pids+=($!)
  up=false
  for _ in $(seq 100); do
    if curl -fsS "http://127.0.0.1:$gw_port/healthz" >/dev/null 2>&1; then up=true; break; fi
    sleep 0.1
  done
  check "responde em /healthz" $up
  check "serve o SPA de /usr/share/central/dist" bash -c "curl -fsS http://127.0.0.1:$gw_port/ | grep -q '<html'"
  check "fala com o ERP (/readyz)" curl -fsS "http://127.0.0.1:$gw_port/readyz"
  check "gera o segredo em /var/lib/central, modo 600" \
    bash -c "[ \"\$(stat -c %a '$root/var/lib/central/segredo-da-sessao')\" = 600 ]"
  check "cria o banco do portal em /var/lib/central (SQLite)" test -s "$root/var/lib/central/central.db"
  check "métricas no endereço próprio" bash -c "curl -fsS http://127.0.0.1:$metrics_port/metrics | grep -q central_http_requests_total"
  check "métricas fora da porta pública" bash -c "$up && ! curl -fsS http://127.0.0.1:$gw_port/metrics | grep -q central_http"
  $up || sed 's/^/      /' "$work/gateway.log" | tail -20
fi

[ "$failed" -eq 0 ] || die "o pacote não passou nas verificações"
note "pacote $(basename "$deb") ($(du -h "$deb" | cut -f1)) verificado"
