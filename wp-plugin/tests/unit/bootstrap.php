<?php
/**
 * Unit tests without WordPress: the few WordPress functions the plugin's classes call, as plain PHP with the
 * behaviour WordPress documents (sanitising, escaping, options, the HTTP answer helpers).
 *
 * @package VoiceAgent
 */

define( 'ABSPATH', __DIR__ . '/' );
define( 'VOICE_AGENT_VERSION', 'test' );

$GLOBALS['voice_agent_test'] = array(
	'options'  => array(),
	'errors'   => array(),
	'response' => null,
	'requests' => array(),
);

class WP_Error {
	private $message;
	public function __construct( $code = '', $message = '' ) {
		$this->message = $message;
	}
	public function get_error_message() {
		return $this->message;
	}
}

function __( $text, $domain = 'default' ) {
	return $text;
}
function esc_html( $text ) {
	return htmlspecialchars( (string) $text, ENT_QUOTES, 'UTF-8' );
}
function esc_attr( $text ) {
	return htmlspecialchars( (string) $text, ENT_QUOTES, 'UTF-8' );
}
function sanitize_text_field( $text ) {
	return trim( preg_replace( '/[\r\n\t ]+/', ' ', strip_tags( (string) $text ) ) );
}
function esc_url_raw( $url, $protocols = null ) {
	$url    = trim( (string) $url );
	$scheme = strtolower( (string) parse_url( $url, PHP_URL_SCHEME ) );
	if ( '' === $url || ( null !== $protocols && ! in_array( $scheme, $protocols, true ) ) || ! filter_var( $url, FILTER_VALIDATE_URL ) ) {
		return '';
	}
	return $url;
}
function untrailingslashit( $text ) {
	return rtrim( $text, '/\\' );
}
function wp_parse_url( $url, $component = -1 ) {
	return parse_url( $url, $component );
}
function wp_json_encode( $data, $options = 0 ) {
	return json_encode( $data, $options );
}
function get_option( $name, $default = false ) {
	return array_key_exists( $name, $GLOBALS['voice_agent_test']['options'] ) ? $GLOBALS['voice_agent_test']['options'][ $name ] : $default;
}
function update_option( $name, $value, $autoload = null ) {
	$GLOBALS['voice_agent_test']['options'][ $name ] = $value;
	return true;
}
function add_settings_error( $setting, $code, $message, $type = 'error' ) {
	$GLOBALS['voice_agent_test']['errors'][ $code ] = $message;
}
function is_wp_error( $thing ) {
	return $thing instanceof WP_Error;
}
function wp_remote_retrieve_response_code( $response ) {
	return is_array( $response ) ? $response['response']['code'] : '';
}
function wp_remote_retrieve_body( $response ) {
	return is_array( $response ) ? $response['body'] : '';
}
function get_bloginfo( $show ) {
	return 'Test Site';
}
function wp_safe_remote_post( $url, $args ) {
	$GLOBALS['voice_agent_test']['requests'][] = array( $url, $args );
	return $GLOBALS['voice_agent_test']['response'];
}

require_once dirname( __DIR__, 2 ) . '/voice-agent/includes/class-options.php';
require_once dirname( __DIR__, 2 ) . '/voice-agent/includes/class-runtime-client.php';
