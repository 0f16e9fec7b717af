package io.tandem.registration;

/**
 * One trunk's registration as {@code /readyz} shows it: an immutable snapshot, replaced at each change.
 *
 * @param registrar the registrar's URI the last REGISTER went to (null when none could be chosen)
 * @param problem why the last attempt failed, or null
 * @param nextAtMillis when the next refresh or retry is due (clock of {@link RegistrationTimers}), or -1
 */
public record RegistrationStatus(String trunk, RegistrationState state, String registrar, String problem, long nextAtMillis) {
    /** e.g. {@code trunk acme: REGISTERED at sip:gw.acme.com;transport=tcp, refresh in 1800 s}. */
    public String describe(long nowMillis) {
        StringBuilder sb = new StringBuilder("trunk ").append(trunk).append(": ").append(state);
        if (registrar != null) {
            sb.append(" at ").append(registrar);
        }
        if (problem != null) {
            sb.append(" (").append(problem).append(")");
        }
        if (nextAtMillis >= 0) {
            long s = Math.max(0, (nextAtMillis - nowMillis + 999) / 1000);
            sb.append(state == RegistrationState.REGISTERED ? ", refresh in " : ", retry in ").append(s).append(" s");
        }
        return sb.toString();
    }
}
