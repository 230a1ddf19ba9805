<?php
/**
 * Plugin Name:       Voice Agent
 * Plugin URI:        https://github.com/qastco/voice-agent-platform
 * Description:       Connects this site to its Business on the voice agent platform and shows the voice widget: a floating button, the [voice_agent] shortcode or the Voice Agent block.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      8.1
 * Author:            Voice Agent Platform
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       voice-agent
 * Domain Path:       /languages
 *
 * @package VoiceAgent
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

define( 'VOICE_AGENT_VERSION', '0.1.0' );
define( 'VOICE_AGENT_FILE', __FILE__ );

require_once __DIR__ . '/includes/class-options.php';
require_once __DIR__ . '/includes/class-runtime-client.php';
require_once __DIR__ . '/includes/class-settings-page.php';
require_once __DIR__ . '/includes/class-widget.php';

add_action(
	'init',
	static function () {
		load_plugin_textdomain( 'voice-agent', false, dirname( plugin_basename( VOICE_AGENT_FILE ) ) . '/languages' );
		Voice_Agent_Widget::register();
	}
);
add_action( 'admin_init', array( 'Voice_Agent_Settings_Page', 'register_settings' ) );
add_action( 'admin_menu', array( 'Voice_Agent_Settings_Page', 'add_page' ) );
add_action( 'admin_post_voice_agent_connect', array( 'Voice_Agent_Settings_Page', 'handle_connect' ) );
add_action( 'wp_enqueue_scripts', array( 'Voice_Agent_Widget', 'enqueue_floating' ) );
