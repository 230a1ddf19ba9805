<?php
/**
 * The platform runtime's two plugin endpoints and the session start, as the runtime answers them (see the
 * runtime's WidgetTest): served by `php -S` on loopback for the integration tests. Requests are logged to
 * $FAKE_RUNTIME_LOG (one JSON line each) so the tests can see what the plugin sent.
 */

const SECRET      = 'sk_integrationsecret0000000001';
const PUBLISHABLE = 'pk_integrationpublic0000000001';

$method  = $_SERVER['REQUEST_METHOD'];
$path    = parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH );
$host    = $_SERVER['HTTP_HOST'];
$base    = 'http://' . $host;
$headers = function_exists( 'getallheaders' ) ? getallheaders() : array();
$body    = file_get_contents( 'php://input' );
file_put_contents( getenv( 'FAKE_RUNTIME_LOG' ), json_encode( array( 'method' => $method, 'path' => $path, 'headers' => $headers, 'body' => $body ) ) . "\n", FILE_APPEND );

function answer( $code, $data, $extra = array() ) {
	http_response_code( $code );
	header( 'Content-Type: application/json' );
	foreach ( $extra as $name => $value ) {
		header( $name . ': ' . $value );
	}
	echo json_encode( $data );
	exit;
}

$config = array(
	'businessName'    => "Mario's Pizza Palace",
	'subdomain'       => 'mario',
	'status'          => 'active',
	'plan'            => 'professional',
	'publishableKey'  => PUBLISHABLE,
	'apiBase'         => $base,
	'widgetScriptUrl' => $base . '/widget.js',
	'voicePageUrl'    => $base . '/',
	'branding'        => array( 'primaryColor' => '#C8102E', 'accentColor' => '#FFFFFF', 'buttonText' => 'Order by voice', 'showPoweredBy' => true ),
);

if ( 'POST' === $method && '/api/v1/plugin/connect' === $path ) {
	$auth = isset( $headers['Authorization'] ) ? $headers['Authorization'] : '';
	if ( 'Bearer ' . SECRET !== $auth ) {
		answer( 401, array( 'error' => 'unauthorized', 'message' => 'Unknown or expired API key' ) );
	}
	$site   = json_decode( $body, true )['siteUrl'];
	$origin = preg_replace( '#^(https?://[^/]+).*$#', '$1', $site );
	answer( 200, $config + array( 'origin' => array( 'origin' => $origin, 'allowed' => false, 'fix' => 'Add "' . $origin . '" to spec.widget.allowedOrigins of Business mario (namespace voice), then connect again' ) ) );
}
if ( 'GET' === $method && '/widget.js' === $path ) {
	header( 'Content-Type: application/javascript' );
	$template = file_get_contents( getenv( 'WIDGET_TEMPLATE' ) );
	echo str_replace( '/*CONFIG*/{}', json_encode( $config ), $template );
	exit;
}
$cors = array( 'Access-Control-Allow-Origin' => isset( $headers['Origin'] ) ? $headers['Origin'] : '*', 'Vary' => 'Origin' );
if ( 'OPTIONS' === $method && '/api/v1/sessions' === $path ) {
	http_response_code( 204 );
	foreach ( $cors + array( 'Access-Control-Allow-Methods' => 'POST', 'Access-Control-Allow-Headers' => 'Authorization, Content-Type' ) as $name => $value ) {
		header( $name . ': ' . $value );
	}
	exit;
}
if ( 'POST' === $method && '/api/v1/sessions' === $path ) {
	if ( 'Bearer ' . PUBLISHABLE !== ( isset( $headers['Authorization'] ) ? $headers['Authorization'] : '' ) ) {
		answer( 401, array( 'error' => 'unauthorized', 'message' => 'Unknown or expired API key' ), $cors );
	}
	answer( 201, array( 'sessionId' => '11111111-2222-3333-4444-555555555555', 'callId' => 'call-1', 'joinUrl' => 'wss://voice.invalid/call' ), $cors );
}
if ( 'GET' === $method && '/' === $path ) {
	header( 'Content-Type: text/html' );
	echo "<!doctype html><title>Mario's voice page</title><h1>Mario's voice page</h1>";
	exit;
}
answer( 404, array( 'error' => 'not_found', 'message' => 'No such endpoint' ) );
