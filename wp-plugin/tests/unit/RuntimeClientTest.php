<?php
/**
 * @package VoiceAgent
 */

use PHPUnit\Framework\TestCase;

final class RuntimeClientTest extends TestCase {
	const SECRET = 'sk_secretsecretsecret1234';

	protected function setUp(): void {
		$GLOBALS['voice_agent_test']['requests'] = array();
	}

	private function answer( $code, $body ) {
		$GLOBALS['voice_agent_test']['response'] = array(
			'response' => array( 'code' => $code ),
			'body'     => is_string( $body ) ? $body : json_encode( $body ),
		);
		return Voice_Agent_Runtime_Client::connect( 'https://voice.example.com', 'mario-pizza', self::SECRET, 'https://www.mariospizza.example/' );
	}

	public function test_connect_posts_the_site_to_the_businesss_host_with_the_key_in_a_header_only(): void {
		$result = $this->answer( 200, array( 'publishableKey' => 'pk_x', 'widgetScriptUrl' => 'https://mario-pizza.voice.example.com/widget.js' ) );

		$this->assertTrue( $result['ok'] );
		list( $url, $args ) = $GLOBALS['voice_agent_test']['requests'][0];
		$this->assertSame( 'https://mario-pizza.voice.example.com/api/v1/plugin/connect', $url );
		$this->assertSame( 'Bearer ' . self::SECRET, $args['headers']['Authorization'] );
		$this->assertStringNotContainsString( self::SECRET, $url . $args['body'] );
		$this->assertSame( 10, $args['timeout'] );
		$this->assertSame( 0, $args['redirection'] );
		$this->assertSame( 'https://www.mariospizza.example/', json_decode( $args['body'], true )['siteUrl'] );
	}

	public function test_every_failure_is_a_readable_message_without_the_key(): void {
		$GLOBALS['voice_agent_test']['response'] = new WP_Error( 'http_request_failed', 'cURL error 28: timed out after 10000 ms' );
		$transport = Voice_Agent_Runtime_Client::connect( 'https://voice.example.com', 'mario-pizza', self::SECRET, 'https://a.example/' );
		$results   = array(
			'transport'  => $transport,
			'401'        => $this->answer( 401, array( 'message' => 'Unknown or expired API key' ) ),
			'403'        => $this->answer( 403, array( 'message' => "Mario's is suspended" ) ),
			'404'        => $this->answer( 404, 'not json' ),
			'429'        => $this->answer( 429, array() ),
			'500'        => $this->answer( 500, array( 'message' => 'echo of ' . self::SECRET ) ),
			'not config' => $this->answer( 200, '<html>a login page</html>' ),
		);

		$this->assertStringContainsString( 'timed out', $results['transport']['message'] );
		$this->assertStringContainsString( 'secret key was not accepted', $results['401']['message'] );
		$this->assertStringContainsString( "Mario's is suspended", $results['403']['message'] );
		$this->assertStringContainsString( 'No business answers', $results['404']['message'] );
		$this->assertStringContainsString( 'try again', $results['429']['message'] );
		$this->assertStringContainsString( 'HTTP 500', $results['500']['message'] );
		$this->assertStringContainsString( 'not with a widget configuration', $results['not config']['message'] );
		foreach ( $results as $name => $result ) {
			$this->assertFalse( $result['ok'], $name );
			$this->assertStringNotContainsString( self::SECRET, $result['message'], $name );
		}
	}

	public function test_nothing_is_sent_before_the_settings_are_complete(): void {
		$result = Voice_Agent_Runtime_Client::connect( 'https://voice.example.com', '', self::SECRET, 'https://a.example/' );

		$this->assertFalse( $result['ok'] );
		$this->assertSame( array(), $GLOBALS['voice_agent_test']['requests'] );
	}

	public function test_the_business_url_keeps_the_platforms_scheme_and_port(): void {
		$this->assertSame( 'http://shop.localhost:8080', Voice_Agent_Runtime_Client::business_url( 'http://localhost:8080', 'shop' ) );
		$this->assertSame( 'https://shop.voice.example.com', Voice_Agent_Runtime_Client::business_url( 'https://voice.example.com', 'shop' ) );
	}
}
