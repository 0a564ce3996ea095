#!/bin/sh
# `leitai "$@"` for a container with `restart: unless-stopped` (docker-compose.yml).
#
# Exit 3 means the store was refused at start (damaged, edited, or behind its acknowledged
# position: docs/guide-operations.md). Starting again cannot help, and a restart policy would
# start it again and again. So on exit 3 this script does not exit: it says so once and waits,
# the container's health check fails (nothing listens), and `docker compose ps` shows it
# unhealthy until a person restores or repairs the store and restarts it. Every other exit is
# passed on, for the restart policy to act on. SIGTERM/SIGINT are passed to leitai.
#
# LEITAI_BIN overrides the command (default: node /app/server/dist/leitai.mjs).
set -u
bin=${LEITAI_BIN:-"node /app/server/dist/leitai.mjs"}
# shellcheck disable=SC2086
$bin "$@" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM INT
# wait returns early (above 128) when a trapped signal arrives: then wait for leitai itself.
while :; do
  wait "$child"
  code=$?
  kill -0 "$child" 2>/dev/null || break
done
if [ "$code" -eq 3 ]; then
  echo "leitai-supervised: the store was refused (exit 3); not starting it again." >&2
  echo "leitai-supervised: run \`leitai doctor\` and \`leitai verify\`, restore a backup (\`leitai restore\`), then restart this container." >&2
  trap 'exit 3' TERM INT
  while :; do
    sleep 3600 &
    wait $!
  done
fi
exit "$code"
