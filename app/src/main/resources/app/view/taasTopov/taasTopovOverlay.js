// onos-taas: registers the "Tap" overlay with the topology view.
(function () {
    'use strict';

    // injected references
    var tts;

    var overlay = {
        // the same id as TaasTopoOverlay.OVERLAY_ID on the server
        overlayId: 'taas-overlay',
        glyphId: '*tap',
        tooltip: 'Tap: mirrored sources, tap ports and mirror paths',

        // installed as 'taas-overlay-<name>', referenced here as '*<name>'
        glyphs: {
            tap: {
                vb: '0 0 110 110',
                d: 'M15,55h30l20,-30h30v12h-24l-20,30h-36z' +
                   'M55,60l10,15h30v12h-36l-14,-21z'
            },
            prev: {
                vb: '0 0 110 110',
                d: 'M70,20v70l-45,-35z'
            },
            next: {
                vb: '0 0 110 110',
                d: 'M40,20v70l45,-35z'
            },
            all: {
                vb: '0 0 110 110',
                d: 'M20,20h30v30h-30z M60,20h30v30h-30z M20,60h30v30h-30z M60,60h30v30h-30z'
            }
        },

        activate: function () {
            tts.start();
        },
        deactivate: function () {
            tts.stop();
        },

        // toolbar buttons and their keys
        keyBindings: {
            leftArrow: {
                cb: function () { tts.prev(); },
                tt: 'Show the previous tap service alone',
                gid: '*prev'
            },
            rightArrow: {
                cb: function () { tts.next(); },
                tt: 'Show the next tap service alone',
                gid: '*next'
            },
            0: {
                cb: function () { tts.showAll(); },
                tt: 'Show every tap service',
                gid: '*all'
            },

            _keyOrder: ['leftArrow', 'rightArrow', '0']
        }
    };

    angular.module('ovTaasTopov')
        .run(['TopoOverlayService', 'TaasTopovService',
            function (tov, _tts_) {
                tts = _tts_;
                tov.register(overlay);
            }]);
}());
