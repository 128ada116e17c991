package org.onosproject.taas.impl;

/**
 * Parses the transport VLAN pool setting, {@code low-high} with 1 <= low <= high <= 4094.
 */
final class TransportVlanPool {

    private TransportVlanPool() {
    }

    /**
     * Parses a pool.
     *
     * @param text such as {@code 3900-3999}
     * @return {low, high}
     * @throws IllegalArgumentException naming the problem
     */
    static int[] parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("\\s*-\\s*");
        if (parts.length != 2) {
            throw new IllegalArgumentException("transport VLAN pool must be low-high, such as 3900-3999");
        }
        int low;
        int high;
        try {
            low = Integer.parseInt(parts[0]);
            high = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("transport VLAN pool must be two numbers, low-high");
        }
        if (low < 1 || high > 4094 || low > high) {
            throw new IllegalArgumentException("transport VLAN pool must satisfy 1 <= low <= high <= 4094");
        }
        return new int[]{low, high};
    }
}
