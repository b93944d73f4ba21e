#!/usr/bin/env bash
# The main job: installs what Plexus needs, builds plexusd and Plexus Center,
# and opens Plexus Center with its local sandbox cluster running (the sandbox
# nodes' data lives under the app's data location,
# ~/.local/share/Plexus/Plexus Center/sandbox).
# Without a display (no $DISPLAY or $WAYLAND_DISPLAY) it runs a headless dev
# node in the foreground instead, like installer/run-dev.sh.
# Usage: bash installer/run-center.sh [plexus-center flags, e.g. --sandbox-nodes 1]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/installer/install-deps.sh"
cmake --preset release -S "$root" >/dev/null
cmake --build "$root/build/release" --target plexusd plexus-center
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && "${QT_QPA_PLATFORM:-}" != offscreen ]]; then
  echo "run-center: no display found; starting a headless dev node instead (bash installer/run-dev.sh)."
  exec bash "$root/installer/run-dev.sh"
fi
echo "Plexus Center starting with a local sandbox. File > Load sample healthcare events fills it."
exec "$root/build/release/app/plexus-center" --plexusd "$root/build/release/broker/plexusd" "$@"
