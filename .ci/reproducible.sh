#!/usr/bin/env bash
# Reproducible builds: builds the working tree twice, each time in a fresh copy under its own directory, and checks
# that every archive (jars, sources and Javadoc jars of the release profile, the shaded tools, jstrace's tar.gz) is
# byte-identical.
# On a difference it prints the entries whose size or CRC differ. Not part of .ci/run: it takes two full builds
# without tests (about 3 minutes on the 2-vCPU development VM). Nothing is installed; ~/.m2 is only read.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for copy in a b; do
    mkdir "$work/$copy"
    # tracked and new (not ignored) files, as they are now: what a clean clone of this tree would hold
    git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$work/$copy" 2>/dev/null || true
    echo "building copy $copy" >&2
    (cd "$work/$copy" && mvn -B -ntp -q -Prelease -Dgpg.skip -DskipTests -DskipITs package)
done

archives() { (cd "$work/$1" && find . -path '*/target/local-repo' -prune -o -path '*/target/it' -prune -o \
    -path '*/target/*' \( -name '*.jar' -o -name '*.tar.gz' \) -print | sort); }
if [ -z "$(archives a)" ]; then
    echo "reproducible.sh: the build produced no archives" >&2
    exit 1
fi
if ! diff <(archives a) <(archives b) >&2; then
    echo "reproducible.sh: the two builds produced different sets of archives" >&2
    exit 1
fi
status=0 count=0
while read -r jar; do
    count=$((count + 1))
    if ! cmp -s "$work/a/$jar" "$work/b/$jar"; then
        status=1
        echo "DIFFERS: $jar" >&2
        diff <(unzip -lv "$work/a/$jar" | awk '{print $1, $7, $8}') \
             <(unzip -lv "$work/b/$jar" | awk '{print $1, $7, $8}') >&2 || true
    fi
done < <(archives a)
[ "$status" -eq 0 ] && echo "reproducible: $count archives byte-identical across two builds"
exit "$status"
