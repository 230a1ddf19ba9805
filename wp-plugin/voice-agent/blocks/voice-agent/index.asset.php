<?php
/**
 * Dependencies of the block's editor script (written by hand: no build step).
 *
 * @package VoiceAgent
 */

return array(
	'dependencies' => array( 'wp-blocks', 'wp-element', 'wp-i18n' ),
	'version'      => '0.1.0',
);
