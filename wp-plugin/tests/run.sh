#!/usr/bin/env bash
# Every check of the WordPress plugin: syntax, coding standard, unit tests, then the integration tests against a
# real WordPress 6.1 on MariaDB (with headless Chromium), all on loopback. Needs Debian's php-cli php-mysql php-xml
# php-mbstring php-curl phpunit php-codesniffer wordpress wordpress-theme-twentytwentyone mariadb-server chromium
# chromium-driver, and root (it adds the test business's host name to /etc/hosts).
set -euo pipefail
cd "$(dirname "$0")/.."

find voice-agent tests -name '*.php' -print0 | xargs -0 -n1 php -l > /dev/null
phpcs --standard=phpcs.xml -q
phpunit -c phpunit-unit.xml

work="$(mktemp -d)"
trap 'tests/integration/stop-wordpress.sh "$work"' EXIT
tests/integration/start-wordpress.sh "$work" > /dev/null
WP_TEST_ENV="$work/env" phpunit -c phpunit-integration.xml
