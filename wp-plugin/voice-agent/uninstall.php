<?php
/**
 * Uninstall: every option of the plugin, on every site of a network.
 *
 * @package VoiceAgent
 */

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

$voice_agent_options = array( 'voice_agent_settings', 'voice_agent_secret_key', 'voice_agent_connection' );

if ( is_multisite() ) {
	foreach ( get_sites( array( 'fields' => 'ids' ) ) as $voice_agent_site ) {
		switch_to_blog( $voice_agent_site );
		foreach ( $voice_agent_options as $voice_agent_option ) {
			delete_option( $voice_agent_option );
		}
		restore_current_blog();
	}
} else {
	foreach ( $voice_agent_options as $voice_agent_option ) {
		delete_option( $voice_agent_option );
	}
}
