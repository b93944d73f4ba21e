#!/usr/bin/env bash
# The whole test suite: installs the build and test dependencies, builds with
# the CI preset (warnings are errors), and runs every test except benchmarks:
# unit, integration, interop, fault and a short fuzz run.
# Usage: bash installer/run-tests.sh [extra ctest arguments]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/installer/install-deps.sh" --test
cd "$root"
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci --output-on-failure "$@"
