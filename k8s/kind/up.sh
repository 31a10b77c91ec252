#!/usr/bin/env bash
# Octet on a local kind cluster: creates the cluster (k8s/kind/cluster.yaml) unless it exists, builds
# every octet/* image from the root Dockerfile, loads them into the cluster's nodes, applies
# k8s/overlays/local and waits until every workload is ready.
#
#   k8s/kind/up.sh              with Docker (default) or ENGINE=podman
#   k8s/kind/up.sh --dry-run    print the commands instead of running them
#
# Images reach the nodes as one archive (`kind load image-archive`), not with `kind load docker-image`:
# with Docker Desktop's containerd image store an image built with BuildKit carries provenance
# attestations, and `kind load docker-image` fails on such an image. The build also leaves them out
# (--provenance=false).
set -euo pipefail
cd "$(dirname "$0")/../.."

ENGINE=${ENGINE:-docker}
CLUSTER=${CLUSTER:-octet}
DRY_RUN=false
[[ "${1:-}" == "--dry-run" ]] && DRY_RUN=true

run() {
  echo "+ $*"
  if ! $DRY_RUN; then "$@"; fi
}

version=$(sed -n 's/^OCTET_VERSION=//p' .env)
# The Dockerfile's service targets: every stage built FROM runtime.
mapfile -t targets < <(sed -n 's/^FROM runtime AS \([a-z-]*\)$/\1/p' Dockerfile)
if (( ${#targets[@]} == 0 )); then
  echo "No service targets found in Dockerfile" >&2
  exit 1
fi

if $DRY_RUN || ! kind get clusters 2>/dev/null | grep -qx "$CLUSTER"; then
  run kind create cluster --name "$CLUSTER" --config k8s/kind/cluster.yaml
fi

images=()
for target in "${targets[@]}"; do
  if [[ "$ENGINE" == docker ]]; then
    image="octet/$target:$version"
    run docker build --provenance=false --target "$target" -t "$image" .
  else
    # Podman would name it localhost/octet/...; the manifests' octet/... means docker.io/octet/... to
    # the nodes' containerd.
    image="docker.io/octet/$target:$version"
    run "$ENGINE" build --format docker --target "$target" -t "$image" .
  fi
  images+=("$image")
done

archive=$(mktemp --suffix=.tar)
trap 'rm -f "$archive"' EXIT
if [[ "$ENGINE" == docker ]]; then
  run docker save -o "$archive" "${images[@]}"
else
  run "$ENGINE" save --format docker-archive -o "$archive" "${images[@]}"
fi
run kind load image-archive "$archive" --name "$CLUSTER"

run kubectl --context "kind-$CLUSTER" apply -k k8s/overlays/local
# Every pod but the topic-creating Job's ready.
run kubectl --context "kind-$CLUSTER" -n octet wait --for=condition=Ready pod --selector='!batch.kubernetes.io/job-name' --timeout=10m
