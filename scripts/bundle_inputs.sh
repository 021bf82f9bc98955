#!/usr/bin/env bash
# Generates what `rolematch bundle` packs besides the executable and the model, from Cargo
# metadata, with two well-kept tools (installed with `cargo install --locked` when missing):
#   target/bundle/THIRD_PARTY_LICENSES.html   cargo-about (licence of every dependency)
#   target/bundle/sbom.cdx.json               cargo-cyclonedx (CycloneDX bill of materials)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo-about >/dev/null || cargo install --locked cargo-about@0.9.3 --features cli
command -v cargo-cyclonedx >/dev/null || cargo install --locked cargo-cyclonedx@0.5.9
mkdir -p target/bundle
# Metadata covers every platform's dependencies (macOS ones too): fetch them all first, so the
# tools below can read it offline.
cargo fetch --locked --quiet
cargo about generate --locked --offline -c scripts/bundle/about.toml scripts/bundle/about.hbs \
    -o target/bundle/THIRD_PARTY_LICENSES.html
cargo cyclonedx --format json --spec-version 1.5 --override-filename sbom.cdx --quiet
mv sbom.cdx.json target/bundle/sbom.cdx.json
ls -l target/bundle
