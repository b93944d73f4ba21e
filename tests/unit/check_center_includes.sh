#!/usr/bin/env bash
# Plexus Center links only pure code: fails, naming the file, the line and
# the include, if
#  - monitor/ includes any broker header (it never includes broker code),
#  - views/ or app/ include a broker header outside the pure schema library
#    (plexus_schema, the allow-list below),
#  - a header of that library includes a broker header outside it (so the
#    store or the record validator cannot come in through it), or
#  - monitor/, views/ or app/ CMakeLists.txt name a broker library other than
#    plexus_schema (monitor/ not even that one).
# Usage: tests/unit/check_center_includes.sh SOURCE_DIR (ctest: unit_center_includes)
set -euo pipefail
src=${1:?source dir}
cd "$src"

# The pure schema library's headers (broker/registry/CMakeLists.txt, plexus_schema).
schema_headers=(
  broker/registry/schema_model.h
  broker/registry/schema_types.h
  broker/registry/schema_codec.h
  broker/registry/avro_schema.h
  broker/registry/avro_binary.h
  broker/registry/json_schema.h
  broker/registry/protobuf_schema.h
  broker/registry/field_tags.h
)
# What those headers may include besides each other (header-only, no broker code).
schema_deps=(broker/common/result.h)

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
in_list() {
  local needle=$1
  shift
  local item
  for item in "$@"; do [[ $item == "$needle" ]] && return 0; done
  return 1
}

# "line:path" for every quoted or angled #include of a broker header in $1.
broker_includes() {
  grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]([^">]*/)?broker/[^">]*[">]' "$1" |
    sed -E 's/^([0-9]+):[^<"]*[<"]([^">]*)[">].*/\1:\2/' || true
}

checked=0
for dir in monitor views app; do
  [[ -d $dir ]] || { fail "$src/$dir is missing (wrong source dir?)"; continue; }
  while IFS= read -r -d '' file; do
    checked=$((checked + 1))
    while IFS= read -r hit; do
      [[ -n $hit ]] || continue
      line=${hit%%:*}
      header=${hit#*:}
      if [[ $dir == monitor ]]; then
        fail "$file:$line includes \"$header\": monitor/ never includes broker code"
      elif ! in_list "$header" "${schema_headers[@]}"; then
        fail "$file:$line includes \"$header\": $dir/ may include only the pure schema library's headers (${schema_headers[*]})"
      fi
    done < <(broker_includes "$file")
  done < <(find "$dir" -type f \( -name '*.h' -o -name '*.hpp' -o -name '*.cpp' -o -name '*.cc' \) -print0)
done
(( checked > 0 )) || fail "no source files found under $src/{monitor,views,app}"

for header in "${schema_headers[@]}" "${schema_deps[@]}"; do
  [[ -f $header ]] || { fail "$header (allow-listed) does not exist"; continue; }
  while IFS= read -r hit; do
    [[ -n $hit ]] || continue
    line=${hit%%:*}
    included=${hit#*:}
    if in_list "$header" "${schema_deps[@]}" || ! in_list "$included" "${schema_headers[@]}" "${schema_deps[@]}"; then
      fail "$header:$line includes \"$included\": the pure schema library's headers may include only each other and ${schema_deps[*]}"
    fi
  done < <(broker_includes "$header")
done

# Libraries defined under broker/, and who may link them.
mapfile -t broker_libs < <(grep -rhoE --include=CMakeLists.txt 'add_library\([[:space:]]*[A-Za-z0-9_]+' broker |
                           sed -E 's/add_library\([[:space:]]*//' | sort -u)
(( ${#broker_libs[@]} > 0 )) || fail "no add_library() found under $src/broker"
in_list plexus_schema "${broker_libs[@]}" || fail "broker/ defines no plexus_schema library"
for dir in monitor views app; do
  cmake_file=$dir/CMakeLists.txt
  [[ -f $cmake_file ]] || { fail "$cmake_file is missing"; continue; }
  for lib in "${broker_libs[@]}"; do
    [[ $lib == plexus_schema && $dir != monitor ]] && continue
    # Comments stripped; whole words only.
    while IFS= read -r hit; do
      [[ -n $hit ]] || continue
      fail "$cmake_file:${hit%%:*} names the broker library $lib: $dir/ $([[ $dir == monitor ]] && echo "links no broker code" || echo "may link only plexus_schema")"
    done < <(sed -E 's/#.*//' "$cmake_file" | grep -nwE "$lib" || true)
  done
done

if (( failures > 0 )); then
  echo "check_center_includes: $failures problem(s); Plexus Center must link only pure code (see broker/registry/README.md)" >&2
  exit 1
fi
echo "check_center_includes: $checked files under monitor/, views/, app/ include no broker code beyond plexus_schema's ${#schema_headers[@]} headers"
