package org.onosproject.taas.gui;

import org.junit.Test;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.Link;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;

import java.util.List;

import static org.junit.Assert.assertEquals;

/**
 * The default path lookup turns the path in a tap flow's status into the links it crosses.
 */
public class TapPathLookupTest {

    private static ConnectPoint cp(String s) {
        return ConnectPoint.deviceConnectPoint(s);
    }

    @Test
    public void statusPathBecomesLinks() {
        TapService s = TapService.builder().id(TapServiceId.random()).port(cp("of:0000000000000003/5")).build();
        TapFlow f = TapFlow.builder().id(TapFlowId.random()).tapServiceId(s.id())
                .sourcePort(cp("of:0000000000000001/5")).direction(Direction.OUT)
                .status(TapStatus.active().withPath(List.of(cp("of:0000000000000001/3"), cp("of:0000000000000002/1"),
                        cp("of:0000000000000002/2"), cp("of:0000000000000003/1"), cp("of:0000000000000003/5"))))
                .build();
        List<Link> links = TapPathLookup.FROM_STATUS.pathLinks(f, s);
        assertEquals(2, links.size());
        assertEquals(cp("of:0000000000000001/3"), links.get(0).src());
        assertEquals(cp("of:0000000000000002/1"), links.get(0).dst());
        assertEquals(cp("of:0000000000000002/2"), links.get(1).src());
        assertEquals(cp("of:0000000000000003/1"), links.get(1).dst());
        assertEquals(List.of(), TapPathLookup.FROM_STATUS.pathLinks(f.withStatus(TapStatus.active()), s));
    }
}
