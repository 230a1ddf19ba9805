#!/usr/bin/env bash
# A real WordPress 6.1 (Debian's package) on MariaDB, served by `php -S` on loopback, with the plugin installed,
# plus the fake runtime. Prints the environment the PHPUnit integration tests read. Usage: start-wordpress.sh DIR
set -euo pipefail
dir="$1"
here="$(cd "$(dirname "$0")" && pwd)"
plugin="$(cd "$here/../../voice-agent" && pwd)"
mkdir -p "$dir"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
db_port=$(free_port); wp_port=$(free_port); rt_port=$(free_port)

mariadb-install-db --no-defaults --datadir="$dir/db" --user="$(id -un)" --auth-root-authentication-method=normal \
  > "$dir/mariadb-install.log" 2>&1
mariadbd --no-defaults --datadir="$dir/db" --socket="$dir/mysql.sock" --port="$db_port" --bind-address=127.0.0.1 \
  --user="$(id -un)" --skip-log-bin --pid-file="$dir/mariadb.pid" > "$dir/mariadb.log" 2>&1 &
for _ in $(seq 1 60); do [ -S "$dir/mysql.sock" ] && break; sleep 0.5; done
mariadb --no-defaults --socket="$dir/mysql.sock" -uroot -e "CREATE DATABASE wordpress; CREATE USER 'wp'@'127.0.0.1' IDENTIFIED BY 'wp-test'; GRANT ALL ON wordpress.* TO 'wp'@'127.0.0.1';"

cp -rL /usr/share/wordpress "$dir/wp"
rm -rf "$dir/wp/wp-content" && cp -rL /var/lib/wordpress/wp-content "$dir/wp/wp-content"
cp -r "$plugin" "$dir/wp/wp-content/plugins/voice-agent"
mkdir -p "$dir/wp/wp-content/mu-plugins"
cat > "$dir/wp/wp-content/mu-plugins/loopback.php" <<'PHP'
<?php
// Tests only: the fake runtime is on loopback and a random port, both of which wp_safe_remote_post refuses (it
// allows ports 80, 443 and 8080 only). The plugin itself keeps the safe variant.
add_filter(
	'http_request_args',
	static function ( $args ) {
		$args['reject_unsafe_urls'] = false;
		return $args;
	}
);
PHP
cat > "$dir/wp/wp-config.php" <<PHP
<?php
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'wp' );
define( 'DB_PASSWORD', 'wp-test' );
define( 'DB_HOST', '127.0.0.1:$db_port' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
define( 'WP_HOME', 'http://127.0.0.1:$wp_port' );
define( 'WP_SITEURL', 'http://127.0.0.1:$wp_port' );
define( 'WP_CONTENT_DIR', __DIR__ . '/wp-content' );
define( 'VOICE_AGENT_ALLOW_HTTP', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'DISABLE_WP_CRON', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', false );
\$table_prefix = 'wp_';
foreach ( array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' ) as \$k ) {
	define( \$k, '$(head -c 24 /dev/urandom | base64)' . \$k );
}
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
PHP

# The business's host on the platform is <subdomain>.<platform host>; PHP resolves names through the system
# (browsers and curl know *.localhost is loopback, getaddrinfo does not), so give the test business's name one.
grep -q ' mario.localhost$' /etc/hosts || echo '127.0.0.1 mario.localhost' >> /etc/hosts

export FAKE_RUNTIME_LOG="$dir/runtime.log" WIDGET_TEMPLATE="$here/../../../runtime/src/main/resources/widget/widget.js"
: > "$FAKE_RUNTIME_LOG"
php -S "127.0.0.1:$rt_port" "$here/fake-runtime.php" > "$dir/runtime-server.log" 2>&1 &
echo $! > "$dir/runtime.pid"
php -S "127.0.0.1:$wp_port" -t "$dir/wp" > "$dir/wp-server.log" 2>&1 &
echo $! > "$dir/wp.pid"
for _ in $(seq 1 40); do curl -s -o /dev/null "http://127.0.0.1:$wp_port/wp-login.php" && break; sleep 0.25; done
curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$wp_port/wp-admin/install.php?step=2" \
  --data-urlencode weblog_title='Mario Test Site' --data-urlencode user_name=admin \
  --data-urlencode admin_password='admin-Pass-2026!' --data-urlencode admin_password2='admin-Pass-2026!' \
  --data-urlencode pw_weak=1 --data-urlencode admin_email=admin@example.org --data-urlencode blog_public=0 \
  > "$dir/install.status"

cat > "$dir/env" <<ENV
WP_DIR=$dir/wp
WP_URL=http://127.0.0.1:$wp_port
RUNTIME_URL=http://localhost:$rt_port
RUNTIME_LOG=$dir/runtime.log
ENV
cat "$dir/env"
