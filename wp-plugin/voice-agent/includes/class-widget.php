<?php
/**
 * The voice widget on the site: the Business's widget.js, loaded with the publishable key, as a floating button,
 * the [voice_agent] shortcode or the Voice Agent block. Nothing renders until the site is connected.
 *
 * @package VoiceAgent
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Front-end output.
 */
final class Voice_Agent_Widget {
	public const HANDLE = 'voice-agent-widget';

	/**
	 * The shortcode and the block.
	 */
	public static function register() {
		add_shortcode( 'voice_agent', array( __CLASS__, 'shortcode' ) );
		if ( function_exists( 'register_block_type' ) ) {
			register_block_type( dirname( __DIR__ ) . '/blocks/voice-agent', array( 'render_callback' => array( __CLASS__, 'block' ) ) );
		}
	}

	/**
	 * The stored public configuration, or null when the site is not connected.
	 *
	 * @return array|null
	 */
	public static function config() {
		$connection = get_option( Voice_Agent_Options::CONNECTION, array() );
		if ( empty( $connection['config']['widgetScriptUrl'] ) || empty( $connection['config']['publishableKey'] ) ) {
			return null;
		}
		return $connection['config'];
	}

	/**
	 * Enqueues widget.js with its inline configuration: public values only, JSON-encoded.
	 *
	 * @param string $placement floating or inline.
	 * @return bool Whether the widget is on the page.
	 */
	public static function enqueue( $placement ) {
		$config = self::config();
		if ( null === $config ) {
			return false;
		}
		$settings = Voice_Agent_Options::settings();
		if ( ! wp_script_is( self::HANDLE, 'enqueued' ) ) {
			wp_enqueue_script( self::HANDLE, esc_url_raw( $config['widgetScriptUrl'] ), array(), VOICE_AGENT_VERSION, true );
		}
		$page = array(
			'placement'      => $placement,
			'position'       => $settings['position'],
			'publishableKey' => $config['publishableKey'],
		);
		if ( '' !== $settings['button_text'] ) {
			$page['buttonText'] = $settings['button_text'];
		}
		wp_add_inline_script( self::HANDLE, 'window.VoiceAgentWidget = ' . wp_json_encode( $page, JSON_HEX_TAG | JSON_HEX_AMP | JSON_HEX_APOS | JSON_HEX_QUOT ) . ';', 'before' );
		return true;
	}

	/**
	 * The floating button, on every page when that is the chosen placement.
	 */
	public static function enqueue_floating() {
		if ( 'floating' === Voice_Agent_Options::settings()['placement'] ) {
			self::enqueue( 'floating' );
		}
	}

	/**
	 * [voice_agent]: a place for the button in the content.
	 *
	 * @return string
	 */
	public static function shortcode() {
		return self::inline_markup();
	}

	/**
	 * The block renders exactly as the shortcode does.
	 *
	 * @return string
	 */
	public static function block() {
		return self::inline_markup();
	}

	/**
	 * The element widget.js fills with the button.
	 *
	 * @return string
	 */
	private static function inline_markup() {
		if ( 'floating' === Voice_Agent_Options::settings()['placement'] || ! self::enqueue( 'inline' ) ) {
			return '';
		}
		$config = self::config();
		return '<div class="voice-agent" data-voice-agent="' . esc_attr( $config['subdomain'] ) . '"></div>';
	}
}
