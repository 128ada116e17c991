package org.onosproject.taas.sandbox;

import java.util.function.BooleanSupplier;

/**
 * Polling waits shared by the runner and the backends.
 */
public final class Waits {

    private static final long POLL_MS = 50;

    private Waits() {
    }

    /**
     * Polls a condition every 50 ms until it holds or the time is up.
     *
     * @param condition condition
     * @param timeoutMs how long to try
     * @return whether it held
     */
    public static boolean until(BooleanSupplier condition, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            sleep(POLL_MS);
        }
    }

    /**
     * Sleeps, keeping the interrupt flag if interrupted.
     *
     * @param ms milliseconds
     */
    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
