#!/usr/bin/env bash
# Installs the Debian packages the tests start for real, when they are missing (`npm test` runs this
# first, so `npm ci && npm test` works on a fresh Debian/Ubuntu machine):
# - PostgreSQL server binaries: contract-test (and provision) run against a throwaway server;
# - the Prometheus Pushgateway: contract-test pushes metrics and reads them back;
# - Chromium: the catalog's static site is tested in a headless browser (playwright-core drives /usr/bin/chromium);
# - OpenSSL: the TLS tests of the PostgreSQL connection make a CA and certificates with `openssl`.
# Nothing is started here: the tests start their own servers on loopback ports.
set -euo pipefail

packages=()
if ! command -v initdb >/dev/null 2>&1 && ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  packages+=(postgresql)
fi
if ! command -v prometheus-pushgateway >/dev/null 2>&1 && [ ! -x /usr/bin/prometheus-pushgateway ]; then
  packages+=(prometheus-pushgateway)
fi
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  packages+=(chromium)
fi
if ! command -v openssl >/dev/null 2>&1; then
  packages+=(openssl)
fi
[ "${#packages[@]}" -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
    echo "system-packages: the tests need ${packages[*]}; install them with: apt-get install -y ${packages[*]}" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-packages: the tests need ${packages[*]} and this machine has no apt-get; install them with your package manager" >&2
  exit 1
fi
echo "system-packages: installing ${packages[*]}" >&2
if [[ " ${packages[*]} " == *" postgresql "* ]]; then
  # No idle cluster on :5432: the tests make their own.
  "${sudo[@]}" mkdir -p /etc/postgresql-common/createcluster.d
  echo 'create_main_cluster = false' | "${sudo[@]}" tee /etc/postgresql-common/createcluster.d/meshkit-tests.conf >/dev/null
fi
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"
# The packages' own services are not needed; never leave one listening on a default port.
if [ -d /run/systemd/system ]; then "${sudo[@]}" systemctl disable --now prometheus-pushgateway >/dev/null 2>&1 || true; fi
