#!/bin/sh
# Vendors the built reveal.js files the offline briefing pack inlines (dashboard/render/pack.py)
# into dashboard/static/reveal/. Run from the repository root; needs npm and the npm registry.
#
#   sh scripts/vendor-reveal.sh            # reveal.js 6.0.2, the version the pack is tested with
#
# Only the built files the pack ships are copied, unmodified: the UMD bundle (a plain <script>,
# works from file:// without modules), its stylesheet, the white theme (Source Sans Pro embedded
# as data: URIs, so nothing is fetched), the notes plugin (speaker view), and the licences.
set -eu
VERSION=${REVEAL_VERSION:-6.0.2}
DEST=dashboard/static/reveal
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm install --silent --no-audit --no-fund --ignore-scripts "reveal.js@$VERSION" >/dev/null)
SRC="$WORK/node_modules/reveal.js"
mkdir -p "$DEST"
cp "$SRC/dist/reveal.js" "$SRC/dist/reveal.css" "$SRC/dist/theme/white.css" "$SRC/dist/plugin/notes.js" "$DEST/"
cp "$SRC/LICENSE" "$DEST/LICENSE"
cp "$SRC/css/theme/fonts/source-sans-pro/LICENSE" "$DEST/LICENSE-source-sans-pro"
node -e "process.stdout.write(require('$SRC/package.json').version)" >"$DEST/VERSION"
echo "reveal.js $(cat "$DEST/VERSION") copied to $DEST"
