// onos-taas: "Tap Services" table view and its details panel (TaasServiceTableMessageHandler).
(function () {
    'use strict';

    // injected references
    var $log, $scope, fs, wss, flash;

    // table tag: ONOS's TableBuilderService sends taasServiceDataRequest and
    // receives taasServiceDataResponse
    var tableTag = 'taasService';

    // messages for the details panel
    var detailsReq = 'taasServiceDetailsRequest',
        detailsResp = 'taasServiceDetailsResponse';

    var panelName = 'ov-taas-services-details-panel',
        serviceProps = ['id', 'port', 'status', 'reason', 'description', 'tenant',
            'packets', 'bytes', 'rate', 'sampled'],
        serviceLabels = ['Id', 'Destination', 'Status', 'Reason', 'Description', 'Tenant',
            'Packets received', 'Bytes received', 'Rate', 'Sampled'],
        flowProps = ['name', 'source', 'direction', 'filter', 'status', 'reason',
            'packets', 'bytes', 'rate', 'shared'],
        flowLabels = ['Tap flow', 'Source', 'Direction', 'Filter', 'Status', 'Reason',
            'Packets', 'Bytes', 'Rate', 'Counted with'];

    function addRow(tbody, label, value) {
        var tr = tbody.append('tr');
        tr.append('td').attr('class', 'label').text(label);
        tr.append('td').attr('class', 'value').text(value === undefined ? '' : value);
    }

    // every text comes from users (names, descriptions): set with text(), never html()
    function populatePanel(panel) {
        var d = $scope.panelDetails,
            props = panel.append('table').append('tbody'),
            flows,
            head;

        panel.append('h3').text(d.name || d.id);
        serviceProps.forEach(function (p, i) {
            addRow(props, serviceLabels[i], d[p]);
        });

        // counters come from the controller's polls (groups every 10 s, rules every 5 s):
        // "Sampled" is when the switch counted them
        panel.append('hr');
        panel.append('h4').text('Tap flows (' + d.flows.length + ')');
        if (!d.flows.length) {
            panel.append('p').text('No tap flow feeds this tap service.');
            return;
        }
        flows = panel.append('table').attr('class', 'taas-flows');
        head = flows.append('tr');
        flowLabels.forEach(function (l) {
            head.append('th').text(l);
        });
        d.flows.forEach(function (f) {
            var tr = flows.append('tr');
            flowProps.forEach(function (p) {
                var td = tr.append('td').text(f[p]);
                if (p === 'status') {
                    td.attr('class', 'taas-state taas-state-' + f[p]);
                }
            });
        });
        if (d.flows.some(function (f) { return f.shared; })) {
            panel.append('p').attr('class', 'taas-note').text('"Counted with": the switch counts ' +
                'these tap flows\' copies together (same source, direction and tap service); ' +
                'each shows the shared figure.');
        }
    }

    function detailsCb(data) {
        if (data.error) {
            flash.flash(data.error);
            $scope.selId = null;
            $scope.panelDetails = {};
            if ($scope.hidePanel) {
                $scope.hidePanel();
            }
        } else {
            $scope.panelDetails = data.details;
        }
        $scope.$apply();
    }

    function requestDetails(id) {
        wss.sendEvent(detailsReq, { id: id });
    }

    angular.module('ovTaasServices', [])
        .controller('OvTaasServicesCtrl',
            ['$log', '$scope', 'TableBuilderService', 'FnService', 'WebSocketService',
                'FlashService',
                function (_$log_, _$scope_, tbs, _fs_, _wss_, _flash_) {
                    var handlers = {};

                    $log = _$log_;
                    $scope = _$scope_;
                    fs = _fs_;
                    wss = _wss_;
                    flash = _flash_;

                    $scope.panelDetails = {};
                    handlers[detailsResp] = detailsCb;
                    wss.bindHandlers(handlers);

                    // a click selects or deselects a row
                    function selCb($event, row) {
                        if ($scope.selId) {
                            requestDetails(row.id);
                        } else if ($scope.hidePanel) {
                            $scope.hidePanel();
                        }
                    }

                    // every table refresh also refreshes the open details panel
                    function respCb() {
                        if ($scope.selId) {
                            requestDetails($scope.selId);
                        }
                    }

                    tbs.buildTable({
                        scope: $scope,
                        tag: tableTag,
                        selCb: selCb,
                        respCb: respCb
                    });

                    $scope.$on('$destroy', function () {
                        wss.unbindHandlers(handlers);
                    });

                    $log.debug('OvTaasServicesCtrl created');
                }])

        .directive('ovTaasServicesDetailsPanel', ['PanelService', 'KeyService',
            function (ps, ks) {
                return {
                    restrict: 'E',
                    link: function (scope) {
                        var panel = ps.createPanel(panelName, {
                            width: 760,
                            margin: 20,
                            hideMargin: 0
                        });
                        panel.hide();
                        scope.hidePanel = function () {
                            panel.hide();
                        };

                        function closePanel() {
                            if (panel.isVisible()) {
                                scope.selId = null;
                                panel.hide();
                                return true;
                            }
                            return false;
                        }

                        ks.keyBindings({
                            esc: [closePanel, 'Close the details panel'],
                            _helpFormat: ['esc']
                        });
                        ks.gestureNotes([
                            ['click', 'Select a row to show its tap flows'],
                            ['click column header', 'Sort by that column']
                        ]);

                        scope.$watch('panelDetails', function () {
                            if (!fs.isEmptyObject(scope.panelDetails)) {
                                panel.empty();
                                populatePanel(panel);
                                panel.show();
                            }
                        });

                        scope.$on('$destroy', function () {
                            ks.unbindKeys();
                            ps.destroyPanel(panelName);
                        });
                    }
                };
            }]);
}());
