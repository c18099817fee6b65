#!/usr/bin/env bash
# Entry point of every Parley service image (docker/service.Dockerfile): an image is a real deployment, so it does
# not start on the development defaults of the services' application.yml (the client secrets of
# keycloak/parley-realm.json, RabbitMQ's guest user). devstack and the tests run the jars themselves and are not
# affected. See docs/adr/0025-deployment-secrets-scanner-and-broker-trust.md.
set -euo pipefail

service=${PARLEY_SERVICE:?PARLEY_SERVICE names the service this image runs}
case "$service" in
  gateway) required=(PARLEY_GATEWAY_CLIENT_SECRET) ;;
  identity) required=(PARLEY_IDENTITY_CLIENT_SECRET RABBITMQ_USERNAME RABBITMQ_PASSWORD) ;;
  workspace | notifications | rollouts) required=(RABBITMQ_USERNAME RABBITMQ_PASSWORD) ;;
  *) required=() ;;
esac

for name in "${required[@]}"; do
  value=${!name:-}
  if [ -z "$value" ]; then
    echo "parley: $service refuses to start: $name is not set, and its development default is public" >&2
    exit 64
  fi
  case "$value" in
    parley-gateway-dev-secret | parley-identity-dev-secret | guest)
      echo "parley: $service refuses to start: $name has the published development value; set a secret of your own" >&2
      exit 64
      ;;
  esac
done
exec "$@"
