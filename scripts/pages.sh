#!/usr/bin/env bash
# Trunk post-build hook (Trunk.toml): builds the site's pages other than
# the root, one wasm bundle per protocol (see src/web/site.rs), into
# Trunk's staging directory, so that `trunk build` and `trunk serve` both
# produce the whole site. Release builds use the `web` cargo profile and
# wasm-opt (npm's binaryen, see scripts/setup.sh), like Trunk's own build.
set -euo pipefail
root="${TRUNK_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
staging="${TRUNK_STAGING_DIR:?run me as a Trunk post_build hook}"
cd "$root"
if [ "${TRUNK_PROFILE:-debug}" = release ]; then
  profile=web
  flags=(--profile web)
else
  profile=debug
  flags=()
fi
target_dir="${CARGO_TARGET_DIR:-$root/target}"
css=$(cd "$staging" && ls style-*.css 2>/dev/null | head -n 1)
# The root page's metadata and icon (index.html), shared by every page.
head=$(grep -E '^ *<meta |^ *<link rel="icon"' "$root/index.html")

# bundle BIN DIR [SPEED]: builds binary BIN for wasm32 into $staging/DIR
# with wasm-bindgen (and, in release builds, wasm-opt), its files named
# with a content hash, as Trunk does, so browsers never mix an old script
# with a new bundle. Sets $name to the files' name. Release bundles are
# optimized for size (the `web` profile, wasm-opt -Oz), or with SPEED for
# speed (the `worker` profile, wasm-opt -O3): the checker's search.
bundle() {
  local bin=$1 out="$staging/$2" speed=${3:-}
  local build=("${flags[@]}") dir=$profile level=-Oz
  if [ "$profile" = web ] && [ -n "$speed" ]; then
    build=(--profile worker)
    dir=worker
    level=-O3
  fi
  cargo build --locked --target wasm32-unknown-unknown --bin "$bin" "${build[@]}"
  local wasm="$target_dir/wasm32-unknown-unknown/$dir/$bin.wasm"
  rm -rf "$out"
  mkdir -p "$out"
  name="$bin-$(sha256sum "$wasm" | cut -c1-16)"
  wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name "$name" "$wasm"
  if [ "$profile" = web ]; then
    if command -v wasm-opt >/dev/null; then
      # --low-memory-unused: as index.html says, Rust's stack comes first,
      # so the low 1 KiB is its far end, reached only as it runs out.
      wasm-opt "$level" --converge --low-memory-unused --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        "$out/${name}_bg.wasm" -o "$out/${name}_bg.wasm"
    else
      echo "pages.sh: wasm-opt not found, so $bin is not optimized" >&2
    fi
  fi
}

# The tools bundle (crates/tools: the JSON of scenarios and traces), which
# a page loads only when a file is saved or opened. Every page names it in
# a <meta name="paxos-tools">, with its content hash, so a page never
# loads an old copy.
bundle playground-tools tools
tools=$name
tools_meta="<meta name=\"paxos-tools\" content=\"tools/$tools.js\" />"
sed -i "s|<meta name=\"paxos-tools\"[^>]*>||; s|</head>|    $tools_meta\n  </head>|" "$staging/index.html"
echo "pages.sh: built the tools bundle ($tools, $profile)"

# The model checker's bundle (crates/tools/src/checker.rs), run in a Web
# Worker: the worker script imports it, and a page starts the worker only
# when a student first presses Check. Every page names the script in a
# <meta name="paxos-checker">, with the bundle's content hash.
bundle playground-checker checker speed
checker=$name
cat >"$staging/checker/$checker-worker.js" <<JS
// The model checker's Web Worker (scripts/pages.sh writes it): one search
// per worker; the page stops a search by terminating its worker.
import init, { check_scenario } from './$checker.js';
self.onmessage = async ({ data }) => {
  const started = performance.now();
  const elapsed_s = () => (performance.now() - started) / 1000;
  try {
    await init({ module_or_path: './${checker}_bg.wasm' });
    const [summary, bytes] = check_scenario(data.bytes, data.bounds, (progress) =>
      self.postMessage({ kind: 'progress', progress: JSON.parse(progress), elapsed_s: elapsed_s() }));
    self.postMessage({ kind: 'done', summary: JSON.parse(summary), bytes, elapsed_s: elapsed_s() });
  } catch (e) {
    self.postMessage({ kind: 'error', message: String((e && e.message) || e) });
  }
};
JS
checker_meta="<meta name=\"paxos-checker\" content=\"checker/$checker-worker.js\" />"
sed -i "s|<meta name=\"paxos-checker\"[^>]*>||; s|</head>|    $checker_meta\n  </head>|" "$staging/index.html"
echo "pages.sh: built the checker bundle ($checker, $profile)"

# page directory, binary, title
pages=(
  "multi playground-multi Multi-Paxos"
  "designs playground-designs Storage designs"
)
for spec in "${pages[@]}"; do
  read -r dir bin title <<<"$spec"
  bundle "$bin" "$dir"
  cat >"$staging/$dir/index.html" <<HTML
<!DOCTYPE html>
<html lang="en">
  <head>
$head
    $tools_meta
    $checker_meta
    <title>Paxos Playground · $title</title>
    <link rel="stylesheet" href="../$css" />
    <script src="../crash.js"></script>
    <script type="module">
      import init from './$name.js';
      await init({ module_or_path: './${name}_bg.wasm' });
    </script>
    <link rel="modulepreload" href="./$name.js" />
    <link rel="preload" href="./${name}_bg.wasm" as="fetch" type="application/wasm" crossorigin="anonymous" />
  </head>
  <body>
    <noscript>The Paxos Playground needs JavaScript and WebAssembly.</noscript>
  </body>
</html>
HTML
  echo "pages.sh: built the $dir page ($bin, $profile)"
done
