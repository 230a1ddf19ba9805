<?php
/**
 * A user agent for the tests: cookies, forms with their nonces, redirects seen, not followed.
 */
final class Browser {
	private $cookies = array();
	public $last     = array();

	public function request( $method, $url, $fields = null ) {
		$curl = curl_init( $url );
		curl_setopt_array(
			$curl,
			array(
				CURLOPT_CUSTOMREQUEST  => $method,
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_HEADER         => true,
				CURLOPT_FOLLOWLOCATION => false,
				CURLOPT_TIMEOUT        => 30,
				CURLOPT_HTTPHEADER     => array( 'Cookie: ' . $this->cookie_header() ),
			)
		);
		if ( null !== $fields ) {
			curl_setopt( $curl, CURLOPT_POSTFIELDS, http_build_query( $fields ) );
		}
		$raw    = curl_exec( $curl );
		$status = curl_getinfo( $curl, CURLINFO_HTTP_CODE );
		$split  = curl_getinfo( $curl, CURLINFO_HEADER_SIZE );
		curl_close( $curl );
		$headers = substr( $raw, 0, $split );
		preg_match_all( '/^Set-Cookie:\s*([^=]+)=([^;]*)/mi', $headers, $found, PREG_SET_ORDER );
		foreach ( $found as $cookie ) {
			$this->cookies[ $cookie[1] ] = $cookie[2];
		}
		preg_match( '/^Location:\s*(\S+)/mi', $headers, $location );
		$this->last = array(
			'status'   => $status,
			'body'     => substr( $raw, $split ),
			'location' => isset( $location[1] ) ? $location[1] : null,
		);
		return $this->last;
	}

	public function get( $path ) {
		return $this->request( 'GET', VOICE_AGENT_TEST_WP_URL . $path );
	}

	public function post( $path, $fields ) {
		return $this->request( 'POST', VOICE_AGENT_TEST_WP_URL . $path, $fields );
	}

	public function login( $user, $password ) {
		$this->cookies['wordpress_test_cookie'] = 'WP%20Cookie%20check';
		$answer = $this->post( '/wp-login.php', array( 'log' => $user, 'pwd' => $password, 'wp-submit' => 'Log In', 'testcookie' => '1' ) );
		if ( 302 !== $answer['status'] ) {
			throw new RuntimeException( 'login failed for ' . $user . ': ' . $answer['status'] );
		}
	}

	/** The hidden inputs of the form whose action contains $action, as WordPress printed them. */
	public function form( $html, $action ) {
		if ( ! preg_match( '#<form[^>]*action="[^"]*' . preg_quote( $action, '#' ) . '"[^>]*>(.*?)</form>#s', $html, $form ) ) {
			throw new RuntimeException( 'no form posting to ' . $action );
		}
		preg_match_all( '#<input type=["\']hidden["\'][^>]*name=["\']([^"\']+)["\'][^>]*value=["\']([^"\']*)["\']#', $form[1], $inputs, PREG_SET_ORDER );
		$fields = array();
		foreach ( $inputs as $input ) {
			$fields[ html_entity_decode( $input[1] ) ] = html_entity_decode( $input[2] );
		}
		return $fields;
	}

	private function cookie_header() {
		$pairs = array();
		foreach ( $this->cookies as $name => $value ) {
			$pairs[] = $name . '=' . $value;
		}
		return implode( '; ', $pairs );
	}
}
