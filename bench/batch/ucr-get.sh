#!/usr/bin/env bash
# Puts the UCR GunPoint and ECG200 splits (UCR text layout: label, then the series, whitespace separated) into
# bench/batch/data/ucr/ from a local copy of tslearn's repository (docs/datasets/), which ships them.
# Usage: bash bench/batch/ucr-get.sh /path/to/tslearn (a git clone; its work tree or a bare snapshot).
# The data are not committed.
set -euo pipefail
SRC=${1:?usage: ucr-get.sh /path/to/tslearn}
DEST="$(cd "$(dirname "$0")" && pwd)/data/ucr"
mkdir -p "$DEST"
for ds in GunPoint ECG200; do
  for split in TRAIN TEST; do
    f="docs/datasets/$ds/${ds}_$split.txt"
    if [ -f "$SRC/$f" ]; then cp "$SRC/$f" "$DEST/"; else git -C "$SRC" show "HEAD:$f" >"$DEST/${ds}_$split.txt"; fi
  done
done
wc -l "$DEST"/*.txt
