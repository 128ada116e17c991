// onos-taas: "Tap" topology overlay, talking to the server (TaasTopoMessageHandler).
(function () {
    'use strict';

    // injected references
    var $log, flash, wss;

    // messages to the server
    var startReq = 'taasTopovStart',
        stopReq = 'taasTopovStop',
        nextReq = 'taasTopovNext',
        prevReq = 'taasTopovPrev',
        showAllReq = 'taasTopovShowAll';

    // messages from the server (highlights come in ONOS's own 'showHighlights')
    var displayResp = 'taasTopovDisplay';

    var handlers = {},
        bound = false;

    // the server says what is highlighted now
    function display(data) {
        if (data && data.text) {
            flash.flash(data.text);
        }
    }

    handlers[displayResp] = display;

    function start() {
        if (!bound) {
            wss.bindHandlers(handlers);
            bound = true;
        }
        wss.sendEvent(startReq);
        $log.debug('taas overlay: started');
    }

    function stop() {
        wss.sendEvent(stopReq);
        if (bound) {
            wss.unbindHandlers(handlers);
            bound = false;
        }
        $log.debug('taas overlay: stopped');
    }

    function next() {
        wss.sendEvent(nextReq);
    }

    function prev() {
        wss.sendEvent(prevReq);
    }

    function showAll() {
        wss.sendEvent(showAllReq);
    }

    angular.module('ovTaasTopov', [])
        .factory('TaasTopovService', ['$log', 'FlashService', 'WebSocketService',
            function (_$log_, _flash_, _wss_) {
                $log = _$log_;
                flash = _flash_;
                wss = _wss_;
                return {
                    start: start,
                    stop: stop,
                    next: next,
                    prev: prev,
                    showAll: showAll
                };
            }])

        // The hidden view only carries the overlay's scripts; its page points to the topology.
        .controller('OvTaasTopovCtrl', ['$log', function (log) {
            log.debug('OvTaasTopovCtrl created');
        }]);
}());
