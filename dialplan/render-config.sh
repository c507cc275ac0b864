#!/bin/sh
# Container entrypoint for the PBX services of docker-compose.yml.
#
# Renders this repository's PBX configuration into the PBX's config folder, then runs the PBX.
# Why a render step: the files in dialplan/ carry placeholders, never secrets, and an example
# private network (10.0.0.5 / 10.0.0.6 for the PBX, 10.0.0.10 for the daemon). Secrets and
# addresses come from the environment (docker compose reads them from your .env). Files you keep
# in site/<pbx>/ (ignored by git) replace ours of the same path: that is where your trunk, phones
# and certificates go. The PBX refuses to start while any placeholder is left, so a forgotten
# secret can never become a default one.
#
# usage: render-config.sh asterisk|freeswitch <pbx command...>
# (RENDER_ROOT and RENDER_TARGET move /switchboard and the PBX config folder, for tests.)
set -eu
pbx="$1"; shift
root="${RENDER_ROOT:-/switchboard}"
templates="$root/dialplan/$pbx"
site="$root/site/$pbx"
case "$pbx" in
  asterisk) target="${RENDER_TARGET:-/etc/asterisk}"; pbx_ip_example='10\.0\.0\.5' ;;
  freeswitch) target="${RENDER_TARGET:-/etc/freeswitch}"; pbx_ip_example='10\.0\.0\.6' ;;
  *) echo "render-config: unknown PBX '$pbx' (asterisk or freeswitch)" >&2; exit 2 ;;
esac

fail=0
need() {
  eval "value=\${$1:-}"
  if [ -z "$value" ]; then echo "render-config: $1 is not set (put it in .env)" >&2; fail=1; fi
}
need PBX_PRIVATE_IP
need SWITCHBOARD_PRIVATE_IP
if [ "$pbx" = asterisk ]; then need ASTERISK_ARI_PASSWORD; need ASTERISK_AMI_SECRET; fi
if [ "$pbx" = freeswitch ]; then need FREESWITCH_ESL_PASSWORD; fi
[ "$fail" = 0 ] || exit 1

# sed replacement text: escape the characters sed treats specially.
esc() { printf '%s' "$1" | sed -e 's/[\/&|]/\\&/g'; }

render() { # $1 = source file, $2 = path relative to the PBX config folder
  mkdir -p "$(dirname "$target/$2")"
  # Certificates and keys are copied byte for byte: substitutions are for configuration text only.
  case "$2" in
    keys/*|*.pem|*.crt|*.key) cp "$1" "$target/$2"; return ;;
  esac
  sed -e "s|$pbx_ip_example|$(esc "$PBX_PRIVATE_IP")|g" \
      -e "s|10\.0\.0\.10|$(esc "$SWITCHBOARD_PRIVATE_IP")|g" \
      -e "s|REPLACE-WITH-A-LONG-RANDOM-SECRET|$(esc "${FREESWITCH_ESL_PASSWORD:-}")|g" \
      "$1" > "$target/$2.tmp"
  case "$2" in
    ari.conf) sed -i -e "s|CHANGE-ME-BEFORE-FIRST-START|$(esc "$ASTERISK_ARI_PASSWORD")|g" "$target/$2.tmp" ;;
    manager.conf) sed -i -e "s|CHANGE-ME-BEFORE-FIRST-START|$(esc "$ASTERISK_AMI_SECRET")|g" "$target/$2.tmp" ;;
  esac
  mv "$target/$2.tmp" "$target/$2"
}

for dir in "$templates" "$site"; do
  [ -d "$dir" ] || continue
  (cd "$dir" && find . -type f ! -name 'README.md' ! -name '*.sh' | sed 's|^\./||') | while read -r rel; do
    render "$dir/$rel" "$rel"
  done
done

left=$(cd "$templates" && find . -type f ! -name 'README.md' | sed 's|^\./||' | while read -r rel; do
  grep -n -e 'CHANGE-ME' -e 'REPLACE-WITH' "$target/$rel" 2>/dev/null | sed "s|^|$rel:|" || true
done)
if [ -n "$left" ]; then
  echo "render-config: placeholders are still in the $pbx configuration; put your own files in site/$pbx/:" >&2
  echo "$left" >&2
  exit 1
fi
exec "$@"
