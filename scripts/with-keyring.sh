#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring Secret Service,
# so the keychain tests use a real keychain without touching the developer's own.
# Usage: scripts/with-keyring.sh <command> [args...]
set -euo pipefail
if [ "${PALENCA_KEYRING_READY:-}" = "1" ]; then exec "$@"; fi
exec dbus-run-session -- bash -c '
  set -euo pipefail
  # A throwaway keyring folder and password: nothing real is stored in it.
  XDG_DATA_HOME="$(mktemp -d)"; export XDG_DATA_HOME
  # The password only unlocks that throwaway keyring.
  eval "$(printf "%s" "throwaway-ci-password" | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL PALENCA_KEYRING_READY=1
  exec "$@"
' bash "$@"
