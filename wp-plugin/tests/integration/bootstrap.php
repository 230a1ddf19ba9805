<?php
/**
 * Integration tests against the live WordPress that start-wordpress.sh set up (its env file in WP_TEST_ENV):
 * WordPress is loaded in this process too, for what a test arranges or checks directly (options, users, posts).
 */

$voice_agent_env = parse_ini_file( getenv( 'WP_TEST_ENV' ) );
foreach ( $voice_agent_env as $name => $value ) {
	define( 'VOICE_AGENT_TEST_' . $name, $value );
}
$_SERVER['HTTP_HOST']   = parse_url( VOICE_AGENT_TEST_WP_URL, PHP_URL_HOST ) . ':' . parse_url( VOICE_AGENT_TEST_WP_URL, PHP_URL_PORT );
$_SERVER['SERVER_NAME'] = '127.0.0.1';
require_once VOICE_AGENT_TEST_WP_DIR . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/user.php';
require_once __DIR__ . '/Browser.php';
require_once __DIR__ . '/ChromeDriver.php';
