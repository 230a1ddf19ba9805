<?php
/**
 * The calls from this site's PHP to the platform runtime. The secret key leaves the server only here, over HTTPS.
 *
 * @package VoiceAgent
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Connects the site: POST <platform>/api/v1/plugin/connect with the secret key, on the Business's own host.
 */
final class Voice_Agent_Runtime_Client {
	public const TIMEOUT = 10;

	/**
	 * Asks the runtime for the widget configuration of the Business the key belongs to.
	 *
	 * @param string $platform_url The platform's base URL (https://<domain>).
	 * @param string $subdomain    The Business's subdomain.
	 * @param string $secret_key   The Business's secret key.
	 * @param string $site_url     This site's address.
	 * @return array{ok: bool, config?: array, message?: string}
	 */
	public static function connect( $platform_url, $subdomain, $secret_key, $site_url ) {
		if ( '' === $platform_url || '' === $subdomain || '' === $secret_key ) {
			return self::failure( __( 'Fill in the platform URL, the subdomain and the secret key first.', 'voice-agent' ) );
		}
		$url      = self::business_url( $platform_url, $subdomain ) . '/api/v1/plugin/connect';
		$response = wp_safe_remote_post(
			$url,
			array(
				'timeout'     => self::TIMEOUT,
				'redirection' => 0,
				'headers'     => array(
					'Authorization' => 'Bearer ' . $secret_key,
					'Content-Type'  => 'application/json',
					'Accept'        => 'application/json',
				),
				'body'        => wp_json_encode(
					array(
						'siteUrl'  => $site_url,
						'siteName' => get_bloginfo( 'name' ),
					)
				),
			)
		);
		return self::read( $response, $secret_key );
	}

	/**
	 * The Business's own address: https://<subdomain>.<platform domain>.
	 *
	 * @param string $platform_url The platform's base URL.
	 * @param string $subdomain    The Business's subdomain.
	 * @return string
	 */
	public static function business_url( $platform_url, $subdomain ) {
		$parts  = wp_parse_url( $platform_url );
		$scheme = isset( $parts['scheme'] ) ? $parts['scheme'] : 'https';
		$host   = isset( $parts['host'] ) ? $parts['host'] : '';
		$port   = isset( $parts['port'] ) ? ':' . $parts['port'] : '';
		return $scheme . '://' . $subdomain . '.' . $host . $port;
	}

	/**
	 * Turns the HTTP answer into a result a notice can show: every WP_Error, non-2xx answer and unreadable body
	 * becomes a readable sentence, and no message ever contains the secret key.
	 *
	 * @param array|WP_Error $response   What wp_remote_post returned.
	 * @param string         $secret_key The key, scrubbed from any message.
	 * @return array{ok: bool, config?: array, message?: string}
	 */
	public static function read( $response, $secret_key ) {
		if ( is_wp_error( $response ) ) {
			return self::failure(
				/* translators: %s: the transport error */
				sprintf( __( 'The platform could not be reached: %s', 'voice-agent' ), self::scrub( $response->get_error_message(), $secret_key ) )
			);
		}
		$code = (int) wp_remote_retrieve_response_code( $response );
		$body = json_decode( (string) wp_remote_retrieve_body( $response ), true );
		if ( $code >= 200 && $code < 300 ) {
			if ( ! is_array( $body ) || empty( $body['publishableKey'] ) || empty( $body['widgetScriptUrl'] ) ) {
				return self::failure( __( 'The platform answered, but not with a widget configuration. Check the platform URL.', 'voice-agent' ) );
			}
			return array(
				'ok'     => true,
				'config' => $body,
			);
		}
		$detail = is_array( $body ) && isset( $body['message'] ) ? (string) $body['message'] : '';
		if ( 401 === $code ) {
			$text = __( 'The secret key was not accepted. Copy it again from the platform (keys change when they are rotated).', 'voice-agent' );
		} elseif ( 403 === $code ) {
			$text = __( 'The platform refused this business:', 'voice-agent' ) . ' ' . $detail;
		} elseif ( 404 === $code ) {
			$text = __( 'No business answers at this subdomain. Check the subdomain and the platform URL.', 'voice-agent' );
		} elseif ( 429 === $code ) {
			$text = __( 'Too many attempts; try again in a minute.', 'voice-agent' );
		} else {
			/* translators: %d: HTTP status code */
			$text = sprintf( __( 'The platform answered with an error (HTTP %d).', 'voice-agent' ), $code ) . ( '' !== $detail ? ' ' . $detail : '' );
		}
		return self::failure( self::scrub( trim( $text ), $secret_key ) );
	}

	/**
	 * A failed result.
	 *
	 * @param string $message What went wrong, for the admin.
	 * @return array{ok: bool, message: string}
	 */
	private static function failure( $message ) {
		return array(
			'ok'      => false,
			'message' => $message,
		);
	}

	/**
	 * Removes the key from a text, should an error ever echo the request.
	 *
	 * @param string $text Text to show.
	 * @param string $key  The secret key.
	 * @return string
	 */
	private static function scrub( $text, $key ) {
		return '' === $key ? $text : str_replace( $key, '[secret key]', $text );
	}
}
