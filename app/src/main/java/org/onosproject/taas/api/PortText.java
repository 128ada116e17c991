package org.onosproject.taas.api;

import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of a device port that every interface accepts, such as
 * {@code of:0000000000000001/3}: a device id (URI scheme, colon, printable ASCII without '/'),
 * a slash, and a port number 1..4294967295.
 */
public final class PortText {

    /** An example for messages. */
    public static final String EXAMPLE = "of:0000000000000001/3";
    /** Highest OpenFlow port number. */
    public static final long MAX_PORT = 0xFFFFFFFFL;

    private static final int MAX_DEVICE_ID = 1024;
    private static final int MAX_QUOTED = 80;
    private static final Pattern CONNECT_POINT = Pattern.compile(
            "([A-Za-z][A-Za-z0-9+.-]*:[\\x21-\\x2E\\x30-\\x7E]+)/([0-9]{1,20})");

    private PortText() {
    }

    /**
     * Parses a device port.
     *
     * @param text connect point text
     * @return connect point
     * @throws IllegalArgumentException naming the problem (without a field name)
     */
    public static ConnectPoint parse(String text) {
        Matcher m = CONNECT_POINT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("malformed connect point " + quote(text)
                    + "; expected deviceId/portNumber such as " + EXAMPLE);
        }
        String device = m.group(1);
        if (device.length() > MAX_DEVICE_ID) {
            throw new IllegalArgumentException("device id is too long (" + device.length()
                    + " characters, at most " + MAX_DEVICE_ID + ")");
        }
        String port = m.group(2);
        long number;
        try {
            number = Long.parseLong(port);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 1 || number > MAX_PORT) {
            throw new IllegalArgumentException("port number " + quote(port) + " is out of range 1.." + MAX_PORT
                    + " in " + quote(text));
        }
        DeviceId deviceId;
        try {
            deviceId = DeviceId.deviceId(device);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed device id " + quote(device) + " in " + quote(text)
                    + ": " + e.getMessage());
        }
        return new ConnectPoint(deviceId, PortNumber.portNumber(number));
    }

    /**
     * Quotes user text for a message, cut to 80 characters.
     *
     * @param text text, may be null
     * @return quoted text
     */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        return "'" + (text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "..." : text) + "'";
    }
}
