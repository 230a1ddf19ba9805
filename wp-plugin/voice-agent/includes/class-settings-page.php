<?php
/**
 * Settings → Voice Agent: the connection settings (Settings API), Connect / Test connection, and the status.
 *
 * @package VoiceAgent
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The admin page. Only users who can manage options see or change anything; every action checks a nonce.
 */
final class Voice_Agent_Settings_Page {
	public const PAGE  = 'voice-agent';
	public const GROUP = 'voice_agent';

	/**
	 * Registers the options and the form's fields.
	 */
	public static function register_settings() {
		register_setting(
			self::GROUP,
			Voice_Agent_Options::SETTINGS,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( 'Voice_Agent_Options', 'sanitize_settings' ),
				'default'           => Voice_Agent_Options::defaults(),
				'show_in_rest'      => false,
			)
		);
		register_setting(
			self::GROUP,
			Voice_Agent_Options::SECRET_KEY,
			array(
				'type'              => 'string',
				'sanitize_callback' => array( 'Voice_Agent_Options', 'sanitize_secret_key' ),
				'default'           => '',
				'show_in_rest'      => false,
			)
		);
		add_settings_section( 'voice_agent_connection', __( 'Your business on the platform', 'voice-agent' ), '__return_false', self::PAGE );
		add_settings_section( 'voice_agent_widget', __( 'The widget on this site', 'voice-agent' ), '__return_false', self::PAGE );
		$fields = array(
			'platform_url'    => array( __( 'Platform URL', 'voice-agent' ), 'voice_agent_connection', 'url', 'https://voice.example.com' ),
			'subdomain'       => array( __( 'Business subdomain', 'voice-agent' ), 'voice_agent_connection', 'text', 'mario-pizza' ),
			'publishable_key' => array( __( 'Publishable key', 'voice-agent' ), 'voice_agent_connection', 'text', 'pk_…' ),
			'button_text'     => array( __( 'Button text', 'voice-agent' ), 'voice_agent_widget', 'text', __( 'Talk to us', 'voice-agent' ) ),
		);
		foreach ( $fields as $key => $field ) {
			add_settings_field(
				'voice_agent_' . $key,
				$field[0],
				array( __CLASS__, 'text_field' ),
				self::PAGE,
				$field[1],
				array(
					'key'         => $key,
					'type'        => $field[2],
					'placeholder' => $field[3],
					'label_for'   => 'voice_agent_' . $key,
				)
			);
		}
		add_settings_field( 'voice_agent_secret_key', __( 'Secret key', 'voice-agent' ), array( __CLASS__, 'secret_field' ), self::PAGE, 'voice_agent_connection', array( 'label_for' => 'voice_agent_secret_key' ) );
		add_settings_field( 'voice_agent_placement', __( 'Placement', 'voice-agent' ), array( __CLASS__, 'placement_field' ), self::PAGE, 'voice_agent_widget' );
	}

	/**
	 * Adds Settings → Voice Agent.
	 */
	public static function add_page() {
		add_options_page( __( 'Voice Agent', 'voice-agent' ), __( 'Voice Agent', 'voice-agent' ), 'manage_options', self::PAGE, array( __CLASS__, 'render' ) );
	}

	/**
	 * A text input bound to one setting.
	 *
	 * @param array $args Field arguments.
	 */
	public static function text_field( $args ) {
		$settings = Voice_Agent_Options::settings();
		printf(
			'<input type="%1$s" id="voice_agent_%2$s" name="%3$s[%2$s]" value="%4$s" placeholder="%5$s" class="regular-text" />',
			esc_attr( $args['type'] ),
			esc_attr( $args['key'] ),
			esc_attr( Voice_Agent_Options::SETTINGS ),
			esc_attr( $settings[ $args['key'] ] ),
			esc_attr( $args['placeholder'] )
		);
	}

	/**
	 * The secret key: a password field that is always empty; which key is stored shows masked beside it.
	 */
	public static function secret_field() {
		$stored = (string) get_option( Voice_Agent_Options::SECRET_KEY, '' );
		printf(
			'<input type="password" id="voice_agent_secret_key" name="%1$s" value="" autocomplete="new-password" class="regular-text" />',
			esc_attr( Voice_Agent_Options::SECRET_KEY )
		);
		if ( '' !== $stored ) {
			echo '<p class="description">' . esc_html(
				/* translators: %s: the masked secret key */
				sprintf( __( 'Stored: %s. Leave empty to keep it.', 'voice-agent' ), Voice_Agent_Options::masked( $stored ) )
			) . '</p>';
		}
	}

	/**
	 * Floating button on every page, or only where the shortcode or block is; and which side.
	 */
	public static function placement_field() {
		$settings = Voice_Agent_Options::settings();
		$choices  = array(
			'floating'  => __( 'Floating button on every page', 'voice-agent' ),
			'shortcode' => __( 'Only where the [voice_agent] shortcode or the Voice Agent block is', 'voice-agent' ),
		);
		foreach ( $choices as $value => $label ) {
			printf(
				'<label><input type="radio" name="%1$s[placement]" value="%2$s" %3$s /> %4$s</label><br />',
				esc_attr( Voice_Agent_Options::SETTINGS ),
				esc_attr( $value ),
				checked( $settings['placement'], $value, false ),
				esc_html( $label )
			);
		}
		printf( '<select name="%s[position]">', esc_attr( Voice_Agent_Options::SETTINGS ) );
		foreach ( array( 'right' => __( 'Bottom right', 'voice-agent' ), 'left' => __( 'Bottom left', 'voice-agent' ) ) as $value => $label ) {
			printf( '<option value="%1$s" %2$s>%3$s</option>', esc_attr( $value ), selected( $settings['position'], $value, false ), esc_html( $label ) );
		}
		echo '</select>';
	}

	/**
	 * The page: the settings form, Connect, and what the last connection said.
	 */
	public static function render() {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'You are not allowed to manage the voice agent.', 'voice-agent' ), 403 );
		}
		$connection = get_option( Voice_Agent_Options::CONNECTION, array() );
		echo '<div class="wrap"><h1>' . esc_html__( 'Voice Agent', 'voice-agent' ) . '</h1>';
		settings_errors( Voice_Agent_Options::SETTINGS );
		self::notice_from_connect();
		if ( ! empty( $connection['config'] ) ) {
			$config = $connection['config'];
			echo '<div class="notice notice-info inline"><p>' . esc_html(
				sprintf(
					/* translators: 1: business name, 2: status, 3: plan */
					__( 'Connected to %1$s (status: %2$s, plan: %3$s).', 'voice-agent' ),
					isset( $config['businessName'] ) ? $config['businessName'] : '',
					isset( $config['status'] ) ? $config['status'] : '',
					isset( $config['plan'] ) ? $config['plan'] : ''
				)
			) . '</p>';
			if ( isset( $config['origin']['allowed'] ) && ! $config['origin']['allowed'] ) {
				echo '<p>' . esc_html( (string) $config['origin']['fix'] ) . '</p>';
			}
			echo '</div>';
		} else {
			echo '<p>' . esc_html__( 'No business yet? Register one on the platform, then come back with its subdomain and keys.', 'voice-agent' );
			$settings = Voice_Agent_Options::settings();
			if ( '' !== $settings['platform_url'] ) {
				echo ' <a href="' . esc_url( $settings['platform_url'] . '/signup' ) . '" target="_blank" rel="noopener">' . esc_html__( 'Register your business', 'voice-agent' ) . '</a>';
			}
			echo '</p>';
		}
		echo '<form action="' . esc_url( admin_url( 'options.php' ) ) . '" method="post">';
		settings_fields( self::GROUP );
		do_settings_sections( self::PAGE );
		submit_button();
		echo '</form>';
		echo '<form action="' . esc_url( admin_url( 'admin-post.php' ) ) . '" method="post">';
		echo '<input type="hidden" name="action" value="voice_agent_connect" />';
		wp_nonce_field( 'voice_agent_connect' );
		submit_button( __( 'Connect / test connection', 'voice-agent' ), 'secondary', 'voice_agent_connect' );
		echo '</form></div>';
	}

	/**
	 * Connect: checks capability and nonce, calls the runtime with the secret key, stores the widget configuration.
	 */
	public static function handle_connect() {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'You are not allowed to manage the voice agent.', 'voice-agent' ), 403 );
		}
		check_admin_referer( 'voice_agent_connect' );
		$settings = Voice_Agent_Options::settings();
		$result   = Voice_Agent_Runtime_Client::connect(
			$settings['platform_url'],
			$settings['subdomain'],
			(string) get_option( Voice_Agent_Options::SECRET_KEY, '' ),
			home_url( '/' )
		);
		if ( $result['ok'] ) {
			update_option(
				Voice_Agent_Options::CONNECTION,
				array(
					'config'       => self::public_config( $result['config'] ),
					'connected_at' => time(),
				),
				false
			);
		}
		set_transient( 'voice_agent_notice_' . get_current_user_id(), $result['ok'] ? 'ok' : $result['message'], 60 );
		wp_safe_redirect( admin_url( 'options-general.php?page=' . self::PAGE ) );
		exit;
	}

	/**
	 * Keeps only the public, expected keys of what the runtime returned.
	 *
	 * @param array $config The runtime's answer.
	 * @return array
	 */
	public static function public_config( $config ) {
		$keep = array( 'businessName', 'subdomain', 'status', 'plan', 'publishableKey', 'apiBase', 'widgetScriptUrl', 'voicePageUrl', 'branding', 'origin' );
		return array_intersect_key( $config, array_flip( $keep ) );
	}

	/**
	 * The result of the last Connect, once.
	 */
	private static function notice_from_connect() {
		$key    = 'voice_agent_notice_' . get_current_user_id();
		$notice = get_transient( $key );
		if ( false === $notice ) {
			return;
		}
		delete_transient( $key );
		if ( 'ok' === $notice ) {
			echo '<div class="notice notice-success"><p>' . esc_html__( 'Connected: the widget configuration is stored.', 'voice-agent' ) . '</p></div>';
		} else {
			echo '<div class="notice notice-error"><p>' . esc_html( (string) $notice ) . '</p></div>';
		}
	}
}
