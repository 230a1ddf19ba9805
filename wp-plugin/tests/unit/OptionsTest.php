<?php
/**
 * @package VoiceAgent
 */

use PHPUnit\Framework\TestCase;

final class OptionsTest extends TestCase {
	protected function setUp(): void {
		$GLOBALS['voice_agent_test']['options'] = array();
		$GLOBALS['voice_agent_test']['errors']  = array();
	}

	public function test_valid_settings_are_kept_and_unknown_ones_dropped(): void {
		$clean = Voice_Agent_Options::sanitize_settings(
			array(
				'platform_url'    => ' https://voice.example.com/ ',
				'subdomain'       => 'Mario-Pizza',
				'publishable_key' => 'pk_abcdefghijklmnop1234',
				'placement'       => 'shortcode',
				'position'        => 'left',
				'button_text'     => '<b>Order by voice</b>',
				'injected'        => 'x',
			)
		);

		$this->assertSame( 'https://voice.example.com', $clean['platform_url'] );
		$this->assertSame( 'mario-pizza', $clean['subdomain'] );
		$this->assertSame( 'shortcode', $clean['placement'] );
		$this->assertSame( 'left', $clean['position'] );
		$this->assertSame( 'Order by voice', $clean['button_text'] );
		$this->assertArrayNotHasKey( 'injected', $clean );
		$this->assertSame( array(), $GLOBALS['voice_agent_test']['errors'] );
	}

	public function test_invalid_values_keep_the_previous_ones_and_say_why(): void {
		update_option( Voice_Agent_Options::SETTINGS, array( 'platform_url' => 'https://old.example.com', 'subdomain' => 'old-name' ) );

		$clean = Voice_Agent_Options::sanitize_settings(
			array(
				'platform_url'    => 'http://insecure.example.com',
				'subdomain'       => 'bad_name!',
				'publishable_key' => 'sk_thisisasecretnotapublishable',
				'placement'       => '<script>',
				'position'        => 'top',
			)
		);

		$this->assertSame( 'https://old.example.com', $clean['platform_url'] );
		$this->assertSame( 'old-name', $clean['subdomain'] );
		$this->assertSame( '', $clean['publishable_key'] );
		$this->assertSame( 'floating', $clean['placement'] );
		$this->assertSame( 'right', $clean['position'] );
		$this->assertEqualsCanonicalizing(
			array( 'voice_agent_platform_url', 'voice_agent_subdomain', 'voice_agent_publishable_key' ),
			array_keys( $GLOBALS['voice_agent_test']['errors'] )
		);
	}

	public function test_an_empty_secret_field_keeps_the_stored_key_and_a_bad_one_is_refused(): void {
		update_option( Voice_Agent_Options::SECRET_KEY, 'sk_storedstoredstored1234' );

		$this->assertSame( 'sk_storedstoredstored1234', Voice_Agent_Options::sanitize_secret_key( '' ) );
		$this->assertSame( 'sk_storedstoredstored1234', Voice_Agent_Options::sanitize_secret_key( 'pk_notasecretkey12345678' ) );
		$this->assertArrayHasKey( 'voice_agent_secret_key', $GLOBALS['voice_agent_test']['errors'] );
		$this->assertSame( 'sk_newnewnewnewnew5678', Voice_Agent_Options::sanitize_secret_key( ' sk_newnewnewnewnew5678 ' ) );
	}

	public function test_the_secret_key_is_only_ever_shown_masked(): void {
		$masked = Voice_Agent_Options::masked( 'sk_abcdefghijklmnopWXYZ' );

		$this->assertSame( 'sk_••••••••WXYZ', $masked );
		$this->assertStringNotContainsString( 'abcdefghijklmnop', $masked );
		$this->assertSame( '', Voice_Agent_Options::masked( '' ) );
	}
}
