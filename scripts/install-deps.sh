#!/bin/sh
# Install gaitbatch's build and test dependencies when pkg-config cannot find them.
# Debian/Ubuntu: apt-get (with sudo when not root). Elsewhere: print the equivalents.
# usage: install-deps.sh [--test]   (--test adds what only the tests need: chromium for the
#                                    dashboard test, pandas, PyTables and R's rhdf5 for the readers
#                                    test)
set -eu
for_tests=0
[ "${1:-}" = "--test" ] && for_tests=1

modules="sndfile fftw3 gsl hdf5 jansson nettle zlib cmocka"
debs="pkg-config make gcc libsndfile1-dev libfftw3-dev libgsl-dev libhdf5-dev libjansson-dev nettle-dev zlib1g-dev libcmocka-dev python3-h5py python3-numpy"

missing=""
if command -v pkg-config >/dev/null 2>&1; then
    for m in $modules; do
        pkg-config --exists "$m" || missing="$missing $m"
    done
else
    missing="pkg-config"
fi
# validation scripts and plots use Debian's python3 with h5py and numpy
/usr/bin/python3 -c 'import h5py, numpy' 2>/dev/null || missing="$missing python3-h5py"
if [ "$for_tests" -eq 1 ] && ! command -v chromium >/dev/null 2>&1; then
    missing="$missing chromium"
    debs="$debs chromium"
fi
if [ "$for_tests" -eq 1 ] && ! /usr/bin/python3 -c 'import pandas, tables' 2>/dev/null; then
    missing="$missing python3-pandas"
    debs="$debs python3-pandas python3-tables"
fi
if [ "$for_tests" -eq 1 ] && ! Rscript -e 'library(rhdf5)' >/dev/null 2>&1; then
    missing="$missing r-bioc-rhdf5"
    debs="$debs r-bioc-rhdf5"
fi

[ -z "$missing" ] && exit 0

echo "install-deps: missing:$missing" >&2
if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    $sudo apt-get install -y -qq --no-install-recommends $debs >/dev/null
    exit 0
fi
cat >&2 <<'MSG'
install-deps: no apt-get here; install these yourself, then run make again:
  Fedora/RHEL: sudo dnf install pkgconf make gcc libsndfile-devel fftw-devel gsl-devel hdf5-devel jansson-devel nettle-devel libcmocka-devel python3-h5py
  macOS:       brew install pkg-config libsndfile fftw gsl hdf5 jansson nettle cmocka
MSG
exit 1
