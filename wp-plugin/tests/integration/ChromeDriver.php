<?php
/**
 * Headless Chromium (Debian's chromium and chromedriver) driven over W3C WebDriver with plain HTTP calls.
 */
final class ChromeDriver {
	const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
	private $process;
	private $base;
	private $session;
	private $profile;

	public function __construct() {
		$socket = stream_socket_server( 'tcp://127.0.0.1:0' );
		$port   = (int) substr( strrchr( stream_socket_get_name( $socket, false ), ':' ), 1 );
		fclose( $socket );
		$this->process = proc_open( array( '/usr/bin/chromedriver', '--port=' . $port ), array( array( 'pipe', 'r' ), array( 'file', '/dev/null', 'w' ), array( 'file', '/dev/null', 'w' ) ), $pipes );
		$this->base    = 'http://127.0.0.1:' . $port;
		for ( $i = 0; $i < 50 && ! $this->ready(); $i++ ) {
			usleep( 100000 );
		}
		$this->profile = sys_get_temp_dir() . '/voice-agent-chromium-' . getmypid();
		$created       = $this->call(
			'POST',
			'/session',
			array(
				'capabilities' => array(
					'alwaysMatch' => array(
						'browserName'        => 'chrome',
						'goog:chromeOptions' => array(
							'binary' => '/usr/bin/chromium',
							'args'   => array( '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--user-data-dir=' . $this->profile ),
						),
					),
				),
			)
		);
		$this->session = $created['sessionId'];
	}

	private function ready() {
		try {
			return ! empty( $this->call( 'GET', '/status' )['ready'] );
		} catch ( Throwable $e ) {
			return false;
		}
	}

	public function open( $url ) {
		$this->call( 'POST', '/session/' . $this->session . '/url', array( 'url' => $url ) );
	}

	/** The element matching $css, once the page's scripts have made it. */
	public function wait_for( $css ) {
		for ( $i = 0; $i < 100; $i++ ) {
			$found = $this->call( 'POST', '/session/' . $this->session . '/elements', array( 'using' => 'css selector', 'value' => $css ) );
			if ( ! empty( $found ) ) {
				return $found[0][ self::ELEMENT ];
			}
			usleep( 100000 );
		}
		throw new RuntimeException( 'no element ' . $css );
	}

	public function click( $element ) {
		$this->call( 'POST', '/session/' . $this->session . '/element/' . $element . '/click', new stdClass() );
	}

	/** Switches to the window the page opened and returns its URL once it has loaded. */
	public function wait_for_new_window() {
		for ( $i = 0; $i < 100; $i++ ) {
			$handles = $this->call( 'GET', '/session/' . $this->session . '/window/handles' );
			if ( count( $handles ) > 1 ) {
				$this->call( 'POST', '/session/' . $this->session . '/window', array( 'handle' => end( $handles ) ) );
				for ( $j = 0; $j < 50; $j++ ) {
					$url = $this->call( 'GET', '/session/' . $this->session . '/url' );
					if ( 'about:blank' !== $url && '' !== $url ) {
						return $url;
					}
					usleep( 100000 );
				}
			}
			usleep( 100000 );
		}
		throw new RuntimeException( 'no window was opened' );
	}

	public function title_and_text() {
		return $this->call( 'POST', '/session/' . $this->session . '/execute/sync', array( 'script' => 'return document.title + " " + document.body.innerText;', 'args' => array() ) );
	}

	public function quit() {
		if ( $this->session ) {
			$this->call( 'DELETE', '/session/' . $this->session );
		}
		proc_terminate( $this->process );
		shell_exec( 'rm -rf ' . escapeshellarg( $this->profile ) );
	}

	private function call( $method, $path, $body = null ) {
		$curl = curl_init( $this->base . $path );
		curl_setopt_array( $curl, array( CURLOPT_CUSTOMREQUEST => $method, CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 60, CURLOPT_CONNECTTIMEOUT => 2, CURLOPT_HTTPHEADER => array( 'Content-Type: application/json' ) ) );
		if ( null !== $body ) {
			curl_setopt( $curl, CURLOPT_POSTFIELDS, json_encode( $body ) );
		}
		$answer = json_decode( (string) curl_exec( $curl ), true );
		curl_close( $curl );
		if ( isset( $answer['value']['error'] ) ) {
			throw new RuntimeException( $method . ' ' . $path . ': ' . $answer['value']['error'] . ' ' . $answer['value']['message'] );
		}
		return isset( $answer['value'] ) ? $answer['value'] : null;
	}
}
