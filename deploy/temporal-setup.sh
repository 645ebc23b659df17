#!/bin/sh
# Once Temporal is up: creates the namespace plansyklus runs in and registers its search
# attributes (Keyword). Safe to run on every start; what exists is left alone.
set -eu
: "${TEMPORAL_ADDRESS:?}" "${NAMESPACE:?}" "${SEARCH_ATTRIBUTES:?}"
retention=${NAMESPACE_RETENTION:-720h}

# Retries a command: the frontend answers before the rest of the cluster is ready, and a new
# namespace takes a few seconds to reach every service.
retry() {
  n=0
  until "$@"; do
    n=$((n + 1))
    [ "$n" -lt 30 ] || { echo "gave up: $*" >&2; return 1; }
    sleep 2
  done
}

t() { temporal "$@" --address "$TEMPORAL_ADDRESS"; }

retry t operator cluster health
if t operator namespace describe --namespace "$NAMESPACE" > /dev/null 2>&1; then
  echo "namespace $NAMESPACE exists"
else
  retry t operator namespace create --namespace "$NAMESPACE" --retention "$retention"
fi

for name in $(echo "$SEARCH_ATTRIBUTES" | tr ',' ' '); do
  if t operator search-attribute list --namespace "$NAMESPACE" 2> /dev/null | grep -qw "$name"; then
    echo "search attribute $name exists"
  else
    retry t operator search-attribute create --namespace "$NAMESPACE" --name "$name" --type Keyword
  fi
done
echo "Temporal namespace $NAMESPACE is ready for plansyklus"
