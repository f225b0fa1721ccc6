#!/usr/bin/env bash
# Sets everything up (idempotently) and serves the playground at
# http://127.0.0.1:8080. Extra arguments go to `trunk serve`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup serve
cd "$ROOT"
say "serving the playground at http://127.0.0.1:8080"
exec trunk serve "$@"
