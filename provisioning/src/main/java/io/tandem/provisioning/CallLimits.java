package io.tandem.provisioning;

/**
 * {@code spec.limits} (a Tandem extension) of an Agent, a Domain or a Trunk: how many calls may
 * be up at once through it ({@code maxCalls}), and for a Trunk how many may start per second
 * ({@code callsPerSecond}). 0 (or absent) means no limit.
 */
public record CallLimits(int maxCalls, int callsPerSecond) {
    public static final CallLimits NONE = new CallLimits(0, 0);

    public boolean any() {
        return maxCalls > 0 || callsPerSecond > 0;
    }
}
