<?php
/**
 * The plugin in a real WordPress 6.1 on MariaDB, through its real admin screens, against the fake runtime.
 * One scenario in order, as a site owner goes through it.
 */

use PHPUnit\Framework\TestCase;

final class PluginTest extends TestCase {
	const PLUGIN      = 'voice-agent/voice-agent.php';
	const SECRET      = 'sk_integrationsecret0000000001';
	const PUBLISHABLE = 'pk_integrationpublic0000000001';
	const PASSWORD    = 'admin-Pass-2026!';

	private static function option( $name ) {
		wp_cache_flush();
		return get_option( $name );
	}

	private static function settings_form( Browser $admin ) {
		$page = $admin->get( '/wp-admin/options-general.php?page=voice-agent' );
		return array( $page, $admin->form( $page['body'], 'options.php' ) );
	}

	private static function save( Browser $admin, array $fields ) {
		list( , $hidden ) = self::settings_form( $admin );
		return $admin->post( '/wp-admin/options.php', $hidden + $fields );
	}

	public function test_1_it_activates(): void {
		$this->assertNull( activate_plugin( self::PLUGIN ) );
		$this->assertTrue( is_plugin_active( self::PLUGIN ) );
	}

	public function test_2_settings_are_saved_through_the_form_and_its_nonce(): void {
		$admin = new Browser();
		$admin->login( 'admin', self::PASSWORD );

		$saved = self::save(
			$admin,
			array(
				'voice_agent_settings'   => array(
					'platform_url' => VOICE_AGENT_TEST_RUNTIME_URL,
					'subdomain'    => 'mario',
					'placement'    => 'floating',
					'position'     => 'left',
				),
				'voice_agent_secret_key' => self::SECRET,
			)
		);

		$this->assertSame( 302, $saved['status'] );
		$this->assertStringContainsString( 'settings-updated=true', $saved['location'] );
		$this->assertSame( 'mario', self::option( 'voice_agent_settings' )['subdomain'] );
		$this->assertSame( self::SECRET, self::option( 'voice_agent_secret_key' ) );
		$page = $admin->get( '/wp-admin/options-general.php?page=voice-agent' )['body'];
		$this->assertStringContainsString( 'sk_••••••••0001', $page );
		$this->assertStringNotContainsString( self::SECRET, $page );
	}

	public function test_3_a_missing_or_wrong_nonce_changes_nothing(): void {
		$admin = new Browser();
		$admin->login( 'admin', self::PASSWORD );
		list( , $hidden ) = self::settings_form( $admin );
		$change = array( 'voice_agent_settings' => array( 'subdomain' => 'hijacked' ) );

		$missing = $admin->post( '/wp-admin/options.php', array_diff_key( $hidden, array( '_wpnonce' => 1 ) ) + $change );
		$wrong   = $admin->post( '/wp-admin/options.php', array( '_wpnonce' => 'abcdef1234' ) + $hidden + $change );

		$this->assertSame( 403, $missing['status'] );
		$this->assertSame( 403, $wrong['status'] );
		$this->assertSame( 'mario', self::option( 'voice_agent_settings' )['subdomain'] );
	}

	public function test_4_connect_sends_the_key_only_to_the_runtime_and_stores_the_public_configuration(): void {
		$admin = new Browser();
		$admin->login( 'admin', self::PASSWORD );
		$page = $admin->get( '/wp-admin/options-general.php?page=voice-agent' );

		$connected = $admin->post( '/wp-admin/admin-post.php', $admin->form( $page['body'], 'admin-post.php' ) );

		$this->assertSame( 302, $connected['status'] );
		$calls = array_map( 'json_decode', file( VOICE_AGENT_TEST_RUNTIME_LOG ) );
		$connect = array_values( array_filter( $calls, static fn( $c ) => '/api/v1/plugin/connect' === $c->path ) );
		$this->assertCount( 1, $connect );
		$this->assertSame( 'Bearer ' . self::SECRET, $connect[0]->headers->Authorization );
		$this->assertSame( home_url( '/' ), json_decode( $connect[0]->body )->siteUrl );
		$stored = self::option( 'voice_agent_connection' )['config'];
		$this->assertSame( self::PUBLISHABLE, $stored['publishableKey'] );
		$this->assertStringNotContainsString( self::SECRET, wp_json_encode( $stored ) );
		$status = $admin->get( '/wp-admin/options-general.php?page=voice-agent' )['body'];
		$this->assertStringContainsString( 'Connected: the widget configuration is stored.', $status );
		$this->assertStringContainsString( 'Connected to Mario&#039;s Pizza Palace (status: active, plan: professional).', $status );
		$this->assertStringContainsString( 'to spec.widget.allowedOrigins', $status );
	}

	public function test_5_a_wrong_key_is_a_readable_notice(): void {
		update_option( 'voice_agent_secret_key', 'sk_wrongwrongwrongwrong0002' );
		$admin = new Browser();
		$admin->login( 'admin', self::PASSWORD );
		$page = $admin->get( '/wp-admin/options-general.php?page=voice-agent' );

		$admin->post( '/wp-admin/admin-post.php', $admin->form( $page['body'], 'admin-post.php' ) );
		$notice = $admin->get( '/wp-admin/options-general.php?page=voice-agent' )['body'];

		$this->assertStringContainsString( 'The secret key was not accepted.', $notice );
		$this->assertStringNotContainsString( 'sk_wrongwrongwrongwrong0002', $notice );
		update_option( 'voice_agent_secret_key', self::SECRET );
	}

	public function test_6_every_page_has_the_widget_with_the_publishable_key_and_never_the_secret(): void {
		$visitor = new Browser();

		$home = $visitor->get( '/' )['body'];

		$this->assertMatchesRegularExpression( '#<script[^>]+src=[\'"]http://mario\.localhost:\d+/widget\.js\?ver=0\.1\.0[\'"]#', $home );
		$this->assertStringContainsString( 'window.VoiceAgentWidget = {"placement":"floating","position":"left","publishableKey":"' . self::PUBLISHABLE . '"}', $home );
		$this->assertStringNotContainsString( self::SECRET, $home );
		$this->assertStringNotContainsString( 'sk_', $home );
	}

	public function test_7_the_shortcode_and_the_block_render_only_where_they_are_when_so_configured(): void {
		$settings              = self::option( 'voice_agent_settings' );
		$settings['placement'] = 'shortcode';
		update_option( 'voice_agent_settings', $settings );
		$post = wp_insert_post(
			array(
				'post_title'   => 'Order',
				'post_content' => '<p>Call us:</p>[voice_agent]',
				'post_status'  => 'publish',
			)
		);
		$block   = wp_insert_post(
			array(
				'post_title'   => 'Order by block',
				'post_content' => '<!-- wp:paragraph --><p>Or here:</p><!-- /wp:paragraph --><!-- wp:voice-agent/widget /-->',
				'post_status'  => 'publish',
			)
		);
		$visitor = new Browser();

		$with    = $visitor->get( '/?p=' . $post )['body'];
		$blocked = $visitor->get( '/?p=' . $block )['body'];
		$without = $visitor->get( '/' )['body'];
		$settings['placement'] = 'floating';
		update_option( 'voice_agent_settings', $settings );

		$this->assertStringContainsString( '<div class="voice-agent" data-voice-agent="mario"></div>', $with );
		$this->assertStringContainsString( '"placement":"inline"', $with );
		$this->assertStringContainsString( '<div class="voice-agent" data-voice-agent="mario"></div>', $blocked );
		$this->assertStringNotContainsString( 'widget.js', $without );
	}

	public function test_8_a_subscriber_can_neither_see_nor_change_the_settings(): void {
		$user = wp_create_user( 'subscriber', 'sub-Pass-2026!', 'sub@example.org' );
		( new WP_User( $user ) )->set_role( 'subscriber' );
		$subscriber = new Browser();
		$subscriber->login( 'subscriber', 'sub-Pass-2026!' );

		$page    = $subscriber->get( '/wp-admin/options-general.php?page=voice-agent' );
		$connect = $subscriber->post( '/wp-admin/admin-post.php', array( 'action' => 'voice_agent_connect', '_wpnonce' => wp_create_nonce( 'voice_agent_connect' ) ) );
		$save    = $subscriber->post( '/wp-admin/options.php', array( 'option_page' => 'voice_agent', 'action' => 'update', 'voice_agent_settings' => array( 'subdomain' => 'sub' ) ) );

		$this->assertSame( 403, $page['status'] );
		$this->assertSame( 403, $connect['status'] );
		$this->assertContains( $save['status'], array( 403, 302 ) );
		$this->assertSame( 'mario', self::option( 'voice_agent_settings' )['subdomain'] );
	}

	public function test_9_a_browser_sees_the_button_and_reaches_the_voice_page(): void {
		$driver = new ChromeDriver();
		try {
			$driver->open( VOICE_AGENT_TEST_WP_URL . '/' );
			$driver->click( $driver->wait_for( '.voice-agent-button' ) );
			$page = $driver->wait_for_new_window();
			$this->assertMatchesRegularExpression( '#^http://mario\.localhost:\d+/\#session=11111111-2222-3333-4444-555555555555\&join=wss%3A%2F%2Fvoice\.invalid%2Fcall$#', $page );
			$this->assertStringContainsString( "Mario's voice page", $driver->title_and_text() );
		} finally {
			$driver->quit();
		}
	}

	public function test_10_uninstall_removes_every_option(): void {
		deactivate_plugins( self::PLUGIN );
		uninstall_plugin( self::PLUGIN );

		foreach ( array( 'voice_agent_settings', 'voice_agent_secret_key', 'voice_agent_connection' ) as $option ) {
			$this->assertFalse( self::option( $option ), $option );
		}
	}
}
