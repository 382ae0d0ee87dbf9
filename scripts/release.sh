#!/usr/bin/env bash
# Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
#
# Cuts a release on this machine and stops there: it never pushes and never publishes.
#
#   scripts/release.sh VERSION [--next-version NEXT-SNAPSHOT] [--staging DIR] [--no-sign] [--skip-tests]
#
# 1. Checks: a clean work tree, VERSION as MAJOR.MINOR.PATCH (no -SNAPSHOT), no tag vVERSION yet, and a GPG secret key
#    unless --no-sign.
# 2. Sets VERSION in every pom.xml (the parent, each module's parent reference, slab-bom) and
#    project.build.outputTimestamp to now, commits "Release VERSION" and tags it vVERSION (annotated; signed when
#    signing).
# 3. Builds and tests (./mvnw -B verify; --skip-tests skips the tests, for a try only) and deploys the published
#    modules into DIR (default target/staging), a Maven repository layout: jars, sources, Javadoc, poms, the BOM.
# 4. Signs every artifact there (a .asc beside each, gpg --armor --detach-sign) unless --no-sign, which says so
#    loudly, and writes .md5, .sha1 (Maven's), .sha256 and .sha512 beside each file, and DIR/SHA256SUMS.
# 5. With --next-version, sets that -SNAPSHOT version and commits it after the tag.
#
# Extra Maven options go in MAVEN_ARGS (read by Maven 3.9); not -o, as Maven refuses to deploy offline, even into a
# local directory.
#
# What is left to a person: check DIR, then push the commit and the tag, and upload DIR to the repository host
# (for Maven Central, a bundle of DIR through the Central Portal). Nothing here does either.
set -euo pipefail

usage()
{
    sed -n '4,23p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

die()
{
    echo "release.sh: $*" >&2
    exit 1
}

version=""
next=""
staging=""
sign=true
skip_tests=false
while [ $# -gt 0 ]; do
    case "$1" in
        --next-version) [ $# -ge 2 ] || usage; next="$2"; shift 2 ;;
        --staging) [ $# -ge 2 ] || usage; staging="$2"; shift 2 ;;
        --no-sign) sign=false; shift ;;
        --skip-tests) skip_tests=true; shift ;;
        -h|--help) usage ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) [ -z "$version" ] || die "one VERSION only, got $version and $1"; version="$1"; shift ;;
    esac
done
[ -n "$version" ] || usage

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
staging="${staging:-$root/target/staging}"
case "$staging" in /*) ;; *) staging="$root/$staging" ;; esac

[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "VERSION=$version must be MAJOR.MINOR.PATCH, such as 0.1.0"
if [ -n "$next" ]; then
    [[ "$next" =~ ^[0-9]+\.[0-9]+\.[0-9]+-SNAPSHOT$ ]] || die "--next-version $next must end in -SNAPSHOT"
fi
[ -z "$(git status --porcelain)" ] || die "the work tree has changes: commit or stash them first"
! git rev-parse -q --verify "refs/tags/v$version" > /dev/null || die "the tag v$version exists already"
[ ! -e "$staging" ] || die "the staging directory $staging exists: move it away first"
if $sign; then
    command -v gpg > /dev/null || die "gpg is not installed: install it, or pass --no-sign to stage unsigned artifacts"
    [ -n "$(gpg --list-secret-keys 2> /dev/null)" ] ||
        die "no GPG secret key: import one, or pass --no-sign to stage unsigned artifacts (Central refuses them)"
fi

current="$(sed -n 's|^    <version>\(.*\)</version>$|\1|p' pom.xml | head -1)"
[ -n "$current" ] || die "no <version> found in pom.xml"

# Every pom carries the build's version once: as the project's own (the parent, slab-bom) or its parent's.
set_version()
{
    local from="$1" to="$2" pom
    while IFS= read -r pom; do
        sed -i "s|<version>$from</version>|<version>$to</version>|" "$pom"
        grep -q "<version>$to</version>" "$pom" || die "$pom does not carry the version $from"
    done < <(git ls-files '*pom.xml')
}

echo "== release $version (from $current), staging in $staging"
set_version "$current" "$version"
timestamp="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
stamp=project.build.outputTimestamp
sed -i "s|<$stamp>.*</$stamp>|<$stamp>$timestamp</$stamp>|" pom.xml
git commit -q -a -m "Release $version"
if $sign; then
    git tag -s -m "slabcache $version" "v$version"
else
    git tag -a -m "slabcache $version" "v$version"
fi
echo "== committed and tagged v$version (not pushed)"

mvn_args=(-B verify deploy:deploy "-DaltDeploymentRepository=staging::file://$staging")
if $skip_tests; then
    mvn_args+=(-DskipTests -Djcstress.skip=true)
fi
./mvnw "${mvn_args[@]}"

# Deploy staged only the published modules (the others set maven.deploy.skip); sign and sum what it staged.
[ -d "$staging/dev/slabcache" ] || die "nothing was staged in $staging"
while IFS= read -r file; do
    if $sign; then
        gpg --batch --yes --armor --detach-sign --output "$file.asc" "$file"
    fi
    for sum in sha256 sha512; do
        "${sum}sum" "$file" | cut -d' ' -f1 > "$file.$sum"
    done
done < <(find "$staging" -type f -path "*/$version/*" ! -name '*.md5' ! -name '*.sha1' ! -name '*.asc' | sort)
(cd "$staging" && find . -type f -path "*/$version/*" ! -name '*.md5' ! -name '*.sha*' ! -name '*.asc' | sort |
    xargs sha256sum > SHA256SUMS)
if ! $sign; then
    echo "== WARNING: --no-sign: the staged artifacts carry no .asc signatures; Maven Central refuses them"
fi

if [ -n "$next" ]; then
    set_version "$version" "$next"
    git commit -q -a -m "Start $next"
    echo "== set the next version, $next (not pushed)"
fi

echo "== done: check $staging, then push the commit and the tag v$version, and upload the staging directory"
echo "   yourself; this script pushed and published nothing"
