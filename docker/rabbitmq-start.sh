#!/usr/bin/env bash
# Entry point of the compose stack's RabbitMQ: writes docker/rabbitmq-definitions.json with the broker users'
# passwords from the environment into the file rabbitmq.conf imports at boot, then runs the given command (the
# image's own entry point). Definitions imported at boot also mean no "guest" user is created.
set -euo pipefail

template=${PARLEY_DEFINITIONS_TEMPLATE:-/etc/parley/rabbitmq-definitions.json}
target=${PARLEY_DEFINITIONS_FILE:-/etc/rabbitmq/parley-definitions.json}

json_string() {
  local value=${1//\\/\\\\}
  printf '%s' "${value//\"/\\\"}"
}

passwords=(RABBITMQ_ADMIN_PASSWORD RABBITMQ_IDENTITY_PASSWORD RABBITMQ_WORKSPACE_PASSWORD
  RABBITMQ_NOTIFICATIONS_PASSWORD RABBITMQ_ROLLOUTS_PASSWORD)
for name in "${passwords[@]}"; do
  if [ -z "${!name:-}" ]; then
    echo "rabbitmq-start: $name is not set; every broker user needs a password of its own" >&2
    exit 1
  fi
done

definitions=$(<"$template")
for name in "${passwords[@]}"; do
  escaped=$(json_string "${!name}")
  definitions=${definitions//"\${$name}"/"$escaped"}
done

(umask 077 && printf '%s\n' "$definitions" >"$target")
if id rabbitmq >/dev/null 2>&1; then
  chown rabbitmq:rabbitmq "$target"
fi
exec "$@"
