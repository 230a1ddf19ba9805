#!/usr/bin/env bash
# Stops what start-wordpress.sh started in DIR.
dir="$1"
for pid in "$dir/wp.pid" "$dir/runtime.pid" "$dir/mariadb.pid"; do
  [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null
done
exit 0
