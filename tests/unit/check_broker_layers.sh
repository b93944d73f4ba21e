#!/usr/bin/env bash
# The broker's modules depend one way (broker/README.md, "Modules"): fails,
# naming the file, the line and the include, when a file under broker/X
# includes a header of a folder that X may not depend on, and when
# broker/main.cpp reaches past the Node (it parses arguments and starts the
# node; nothing else). Each folder is its own CMake target, so a reverse
# dependency would also fail to link; this check names it first.
# Usage: tests/unit/check_broker_layers.sh SOURCE_DIR (ctest: unit_broker_layers)
set -euo pipefail
src=${1:?source dir}
cd "$src/broker"

# folder -> the folders it may include (besides itself), lowest layer first.
declare -A allowed=(
  [common]=""
  [protocol]="common"
  [raft]="common"
  [cluster]="common raft"
  [storage]="common protocol raft"
  [registry]="common protocol"
  [server]="common protocol storage"
  [services]="common protocol registry server storage"
  [groups]="common protocol server services storage"
  [replication]="common protocol raft cluster storage server services"
  [handlers]="common protocol storage registry server services groups replication"
  [http]="common protocol storage registry server services groups replication"
  [node]="common protocol storage registry server services groups replication handlers http"
)

failures=0
checked=0
for dir in */; do
  dir=${dir%/}
  if [[ ! -v allowed[$dir] ]]; then
    echo "FAIL: broker/$dir has no place in the module layers (add it to this script and to broker/README.md)" >&2
    failures=$((failures + 1))
    continue
  fi
  while IFS=: read -r file line text; do
    target=$(sed -E 's|.*#include "broker/([a-z_]+)/.*|\1|' <<<"$text")
    checked=$((checked + 1))
    [[ $target == "$dir" ]] && continue
    if [[ " ${allowed[$dir]} " != *" $target "* ]]; then
      echo "FAIL: broker/$file:$line includes broker/$target/ ($text), but $dir may depend only on: ${allowed[$dir]:-nothing}" >&2
      failures=$((failures + 1))
    fi
  done < <(grep -rnE '^\s*#\s*include\s+"broker/[a-z_]+/' "$dir" || true)
done

while IFS=: read -r line text; do
  checked=$((checked + 1))
  case "$text" in
    *'"broker/node/'*|*'"broker/common/'*|*'"broker/server/config.h"'*|*'"broker/server/broker.h"'*) ;;
    *) echo "FAIL: broker/main.cpp:$line includes $text; main only parses arguments and starts the Node" >&2
       failures=$((failures + 1)) ;;
  esac
done < <(grep -nE '^\s*#\s*include\s+"broker/' main.cpp || true)

if (( checked < 100 )); then
  echo "FAIL: only $checked broker includes found under $src/broker; is this the source tree?" >&2
  exit 1
fi
if (( failures > 0 )); then
  echo "$failures include(s) break the module layers" >&2
  exit 1
fi
echo "module layers hold: $checked includes checked"
