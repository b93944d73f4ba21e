#!/usr/bin/env bash
# The main job: installs what Plexus needs, builds it, and runs a dev node in
# the foreground (Kafka on 127.0.0.1:9092, admin on 127.0.0.1:9644, data in
# ./plexus-data). The headless half of the main job: installer/run-center.sh
# opens Plexus Center, and runs this when there is no display.
# Usage: bash installer/run-dev.sh [extra plexusd flags]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/installer/install-deps.sh"
cmake --preset release -S "$root" >/dev/null
cmake --build "$root/build/release" --target plexusd
echo
echo "Plexus dev node starting. In another terminal:"
echo "  kcat -b 127.0.0.1:9092 -L                       # metadata"
echo "  echo 'hello' | kcat -b 127.0.0.1:9092 -P -t demo  # produce"
echo "  kcat -b 127.0.0.1:9092 -C -t demo -e             # consume"
echo "  curl -s 127.0.0.1:9644/metrics | head            # metrics"
echo "Stop with Ctrl-C."
echo
exec "$root/build/release/broker/plexusd" --dev "$@"
