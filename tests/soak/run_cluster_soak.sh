#!/bin/sh
# Cluster fault soak: runs tests/integration/test_cluster_faults.py with a long
# fault phase. Usage: run_cluster_soak.sh [SECONDS]   (default 600)
# Needs PLEXUSD (the plexusd binary); defaults to build/ci/broker/plexusd.
# PLEXUS_FAULT_SEED fixes the fault sequence; PLEXUS_TEST_VERBOSE=1 echoes node logs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${PLEXUSD:=$root/build/ci/broker/plexusd}"
export PLEXUSD
export PLEXUS_FAULT_SECONDS="${1:-600}"
export PYTHONDONTWRITEBYTECODE=1
cd "$root/tests/integration"
echo "cluster soak: PLEXUS_FAULT_SECONDS=$PLEXUS_FAULT_SECONDS PLEXUSD=$PLEXUSD nproc=$(nproc)"
exec /usr/bin/python3 test_cluster_faults.py -v
