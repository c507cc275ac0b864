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
# WebRTC agents (browser softphones): WEBRTC_AGENT_EXTENSIONS lists their extensions (comma- or
# space-separated); each gets a PJSIP endpoint (Asterisk) or a directory user (FreeSWITCH) in place
# of the line marked SWITCHBOARD-WEBRTC-AGENTS, with the password the daemon hands that browser:
# the first 32 hex digits of HMAC-SHA256(SWITCHBOARD_WEBRTC_SECRET, "switchboard-webrtc-v1:<ext>")
# (src/softphone/sip-password.ts). Derived, not stored, so nobody copies passwords by hand.
#
# usage: render-config.sh asterisk|freeswitch <pbx command...>
# SWITCHBOARD_DIALPLAN_DIR, SWITCHBOARD_SITE_DIR and PBX_CONFIG_DIR (or RENDER_ROOT for both of the
# first two, RENDER_TARGET for the last) move the folders: tests render into a temporary folder
# this way; the container uses the defaults.
set -eu
pbx="$1"; shift
root="${RENDER_ROOT:-/switchboard}"
templates="${SWITCHBOARD_DIALPLAN_DIR:-$root/dialplan}/$pbx"
site="${SWITCHBOARD_SITE_DIR:-$root/site}/$pbx"
case "$pbx" in
  asterisk) target="${PBX_CONFIG_DIR:-${RENDER_TARGET:-/etc/asterisk}}"; pbx_ip_example='10\.0\.0\.5' ;;
  freeswitch) target="${PBX_CONFIG_DIR:-${RENDER_TARGET:-/etc/freeswitch}}"; pbx_ip_example='10\.0\.0\.6' ;;
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
if [ "$pbx" = freeswitch ]; then need FREESWITCH_ESL_PASSWORD; need SIP_TRUNK_CIDRS; need AGENT_PHONE_CIDRS; fi
[ "$fail" = 0 ] || exit 1

# Browser softphone extensions: the same rule as the daemon's (a pjsip section name, a FreeSWITCH
# user id and a SIP URI user part all take these characters).
webrtc_extensions=""
if [ -n "${WEBRTC_AGENT_EXTENSIONS:-}" ]; then
  need SWITCHBOARD_WEBRTC_SECRET
  if ! command -v openssl >/dev/null 2>&1; then
    echo "render-config: WEBRTC_AGENT_EXTENSIONS needs the openssl command to derive the softphone passwords (install openssl in the $pbx image)" >&2; fail=1
  fi
  webrtc_extensions=$(printf '%s' "$WEBRTC_AGENT_EXTENSIONS" | tr ',' ' ' | tr -s ' ' '\n' | sed '/^$/d')
  for ext in $webrtc_extensions; do
    if ! printf '%s' "$ext" | grep -Eq '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'; then
      echo "render-config: WEBRTC_AGENT_EXTENSIONS: '$ext' is not an extension (letters, digits, _ . -, starting with a letter or digit)" >&2; fail=1
    fi
  done
  [ "$fail" = 0 ] || exit 1
fi

# The softphone's SIP password; the secret goes to openssl as an argument, inside the PBX
# container whose environment holds it anyway.
webrtc_password() { # $1 = extension
  printf '%s' "switchboard-webrtc-v1:$1" | openssl dgst -sha256 -hmac "$SWITCHBOARD_WEBRTC_SECRET" | sed 's/^.*= //' | cut -c1-32
}

# One endpoint (Asterisk) or directory user (FreeSWITCH) per WebRTC extension, on stdout.
webrtc_sections() {
  for ext in $webrtc_extensions; do
    password=$(webrtc_password "$ext")
    if [ "$pbx" = asterisk ]; then
      printf '[%s](webrtc-agent)\nauth = %s\naors = %s\n[%s](webrtc-agent-aor)\n[%s](webrtc-agent-auth)\nusername = %s\npassword = %s\n\n' \
        "$ext" "$ext" "$ext" "$ext" "$ext" "$ext" "$password"
    else
      printf '          <user id="%s">\n            <params>\n              <param name="password" value="%s"/>\n            </params>\n            <variables>\n              <variable name="effective_caller_id_name" value="%s"/>\n            </variables>\n          </user>\n' \
        "$ext" "$password" "$ext"
    fi
  done
}

# Replaces the SWITCHBOARD-WEBRTC-AGENTS line of the rendered file with the generated sections.
expand_webrtc() { # $1 = path relative to the PBX config folder
  file="$target/$1"
  if ! grep -q 'SWITCHBOARD-WEBRTC-AGENTS' "$file" 2>/dev/null; then
    echo "render-config: WEBRTC_AGENT_EXTENSIONS is set but $1 has no SWITCHBOARD-WEBRTC-AGENTS line to put them at (keep it in your site/$pbx/$1)" >&2
    exit 1
  fi
  webrtc_sections > "$file.webrtc"
  awk -v sections="$file.webrtc" '
    /SWITCHBOARD-WEBRTC-AGENTS/ { while ((getline line < sections) > 0) print line; next }
    { print }' "$file" > "$file.tmp" && mv "$file.tmp" "$file" && rm -f "$file.webrtc"
}

# Address ranges (SIP_TRUNK_CIDRS, AGENT_PHONE_CIDRS): comma- or space-separated CIDRs.
cidrs() { printf '%s' "$1" | tr ',' ' ' | tr -s ' ' '\n' | sed '/^$/d'; }
if [ "$pbx" = freeswitch ]; then
  for var in SIP_TRUNK_CIDRS AGENT_PHONE_CIDRS; do
    eval "value=\${$var}"
    for range in $(cidrs "$value"); do
      if ! printf '%s' "$range" | grep -Eq '^[0-9A-Fa-f:.]+/[0-9]{1,3}$'; then
        echo "render-config: $var: '$range' is not an address range like 192.0.2.0/24" >&2; fail=1
      fi
    done
  done
  [ "$fail" = 0 ] || exit 1
fi

# A line holding cidr="$1" becomes one copy per range in $2 (FreeSWITCH ACL <node>s).
expand_ranges() { # $1 = placeholder, $2 = ranges, $3 = file
  awk -v token="cidr=\"$1\"" -v ranges="$(cidrs "$2" | tr '\n' ' ')" '
    index($0, token) { n = split(ranges, r, " "); for (i = 1; i <= n; i++) { line = $0; sub(token, "cidr=\"" r[i] "\"", line); print line } next }
    { print }' "$3" > "$3.cidr" && mv "$3.cidr" "$3"
}

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
  if [ "$pbx" = freeswitch ]; then
    expand_ranges SIP_TRUNK_CIDRS "$SIP_TRUNK_CIDRS" "$target/$2.tmp"
    expand_ranges AGENT_PHONE_CIDRS "$AGENT_PHONE_CIDRS" "$target/$2.tmp"
  fi
  mv "$target/$2.tmp" "$target/$2"
}

for dir in "$templates" "$site"; do
  [ -d "$dir" ] || continue
  (cd "$dir" && find . -type f ! -name 'README.md' ! -name '*.sh' | sed 's|^\./||') | while read -r rel; do
    render "$dir/$rel" "$rel"
  done
done

if [ -n "$webrtc_extensions" ]; then
  if [ "$pbx" = asterisk ]; then expand_webrtc pjsip.conf; else expand_webrtc directory/agents.xml; fi
fi

left=$(cd "$templates" && find . -type f ! -name 'README.md' | sed 's|^\./||' | while read -r rel; do
  grep -n -e 'CHANGE-ME' -e 'REPLACE-WITH' "$target/$rel" 2>/dev/null | sed "s|^|$rel:|" || true
done)
if [ -n "$left" ]; then
  echo "render-config: placeholders are still in the $pbx configuration; put your own files in site/$pbx/:" >&2
  echo "$left" >&2
  exit 1
fi
exec "$@"
