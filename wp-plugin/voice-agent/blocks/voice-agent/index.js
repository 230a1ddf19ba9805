( function ( blocks, element, i18n ) {
	'use strict';
	blocks.registerBlockType( 'voice-agent/widget', {
		edit: function () {
			return element.createElement(
				'p',
				{ className: 'voice-agent-placeholder' },
				i18n.__( 'The voice agent button appears here on the site.', 'voice-agent' )
			);
		},
		save: function () {
			return null; // rendered on the server
		},
	} );
} )( window.wp.blocks, window.wp.element, window.wp.i18n );
