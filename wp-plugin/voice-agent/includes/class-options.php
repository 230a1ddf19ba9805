<?php
/**
 * The plugin's options (per site on multisite) and how each is cleaned on the way in.
 *
 * @package VoiceAgent
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Option names, defaults and sanitising. The secret key is its own option, never autoloaded, never in REST.
 */
final class Voice_Agent_Options {
	public const SETTINGS   = 'voice_agent_settings';
	public const SECRET_KEY = 'voice_agent_secret_key';
	public const CONNECTION = 'voice_agent_connection';
	public const ALL        = array( self::SETTINGS, self::SECRET_KEY, self::CONNECTION );

	/**
	 * Settings with their defaults.
	 *
	 * @return array<string, string>
	 */
	public static function defaults() {
		return array(
			'platform_url'    => '',
			'subdomain'       => '',
			'publishable_key' => '',
			'placement'       => 'floating',
			'button_text'     => '',
			'position'        => 'right',
		);
	}

	/**
	 * The stored settings, completed with defaults.
	 *
	 * @return array<string, string>
	 */
	public static function settings() {
		$stored = get_option( self::SETTINGS, array() );
		return array_merge( self::defaults(), is_array( $stored ) ? $stored : array() );
	}

	/**
	 * Cleans the settings form: anything unknown is dropped, anything invalid keeps its previous value and says why.
	 *
	 * @param mixed $input Raw form values.
	 * @return array<string, string>
	 */
	public static function sanitize_settings( $input ) {
		$previous = self::settings();
		$input    = is_array( $input ) ? $input : array();
		$clean    = $previous;

		if ( isset( $input['platform_url'] ) ) {
			// http only where the site's owner said so in wp-config.php (a local platform while developing).
			$schemes = defined( 'VOICE_AGENT_ALLOW_HTTP' ) && VOICE_AGENT_ALLOW_HTTP ? array( 'https', 'http' ) : array( 'https' );
			$url     = esc_url_raw( trim( (string) $input['platform_url'] ), $schemes );
			if ( '' === $url && '' !== trim( (string) $input['platform_url'] ) ) {
				self::error( 'platform_url', __( 'The platform URL must start with https://.', 'voice-agent' ) );
			} else {
				$clean['platform_url'] = untrailingslashit( $url );
			}
		}
		if ( isset( $input['subdomain'] ) ) {
			$subdomain = strtolower( sanitize_text_field( (string) $input['subdomain'] ) );
			if ( '' !== $subdomain && ! preg_match( '/^[a-z0-9]([-a-z0-9]{1,61}[a-z0-9])$/', $subdomain ) ) {
				self::error( 'subdomain', __( 'The subdomain may only use a-z, 0-9 and hyphens (3 to 63 characters).', 'voice-agent' ) );
			} else {
				$clean['subdomain'] = $subdomain;
			}
		}
		if ( isset( $input['publishable_key'] ) ) {
			$key = sanitize_text_field( (string) $input['publishable_key'] );
			if ( '' !== $key && ! preg_match( '/^pk_[A-Za-z0-9_-]{16,128}$/', $key ) ) {
				self::error( 'publishable_key', __( 'A publishable key starts with pk_.', 'voice-agent' ) );
			} else {
				$clean['publishable_key'] = $key;
			}
		}
		if ( isset( $input['placement'] ) ) {
			$clean['placement'] = in_array( $input['placement'], array( 'floating', 'shortcode' ), true ) ? $input['placement'] : 'floating';
		}
		if ( isset( $input['position'] ) ) {
			$clean['position'] = in_array( $input['position'], array( 'right', 'left' ), true ) ? $input['position'] : 'right';
		}
		if ( isset( $input['button_text'] ) ) {
			$clean['button_text'] = mb_substr( sanitize_text_field( (string) $input['button_text'] ), 0, 40 );
		}
		return $clean;
	}

	/**
	 * Cleans the secret key field: empty keeps the stored key (the form never shows it), anything else must look
	 * like a secret key.
	 *
	 * @param mixed $input Raw field value.
	 * @return string
	 */
	public static function sanitize_secret_key( $input ) {
		$previous = (string) get_option( self::SECRET_KEY, '' );
		$key      = trim( sanitize_text_field( (string) $input ) );
		if ( '' === $key ) {
			return $previous;
		}
		if ( ! preg_match( '/^sk_[A-Za-z0-9_-]{16,128}$/', $key ) ) {
			self::error( 'secret_key', __( 'A secret key starts with sk_. The key was not changed.', 'voice-agent' ) );
			return $previous;
		}
		return $key;
	}

	/**
	 * The secret key shown as a hint of which key is stored: its first characters and the last four.
	 *
	 * @param string $key The stored key.
	 * @return string
	 */
	public static function masked( $key ) {
		if ( '' === $key ) {
			return '';
		}
		return substr( $key, 0, 3 ) . str_repeat( '•', 8 ) . substr( $key, -4 );
	}

	/**
	 * Records a settings error shown next to the form.
	 *
	 * @param string $field   Field id.
	 * @param string $message Translated message.
	 */
	private static function error( $field, $message ) {
		add_settings_error( self::SETTINGS, 'voice_agent_' . $field, $message, 'error' );
	}
}
