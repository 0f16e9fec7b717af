package io.tandem.registration;

import io.tandem.processor.Transport;
import io.tandem.provisioning.Credentials;
import io.tandem.provisioning.Provisioning;
import io.tandem.provisioning.Trunk;
import io.tandem.sip.uri.SipUri;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one trunk registers, read from its {@code spec.outbound}: the registrars (its enabled URIs,
 * in document order: the first, then the next on failure), the user and password of its
 * {@code credentialsRef}, and the expiry it asks for. Compared by value, so that a reload that
 * leaves a trunk's registration as it was leaves it alone.
 *
 * @param password null when the trunk has no outbound credentials (a challenge then fails the attempt)
 */
public record RegistrationPlan(String trunk, List<Registrar> registrars, String user, String password, long expires) {
    /** Asked for in each REGISTER; the registrar may grant less (§10.2.1.1). */
    public static final long DEFAULT_EXPIRES = 3600;

    /**
     * One registrar (§10.2): the Request-URI names its domain, the AOR (To and From) is
     * {@code user@host} of the same outbound URI.
     */
    public record Registrar(SipUri requestUri, SipUri aor) {
    }

    public RegistrationPlan {
        Objects.requireNonNull(trunk, "trunk");
        registrars = List.copyOf(registrars);
        if (registrars.isEmpty()) {
            throw new IllegalArgumentException("no registrar");
        }
    }

    /** True if {@code t} asks to register ({@code spec.outbound.sendRegister: true}). */
    public static boolean wanted(Trunk t) {
        return t.spec().outbound() != null && t.spec().outbound().sendRegister();
    }

    /**
     * The plan of a trunk that {@link #wanted wants} to register.
     *
     * @throws IllegalArgumentException naming what is missing: no enabled URI, an unusable
     *     transport, or a {@code credentialsRef} that names no Credentials
     */
    public static RegistrationPlan of(Trunk t, Provisioning p, long expires) {
        Trunk.Outbound out = t.spec().outbound();
        Credentials c = null;
        if (out.credentialsRef() != null) {
            c = p.credentials(out.credentialsRef());
            if (c == null) {
                throw new IllegalArgumentException("outbound credentialsRef " + out.credentialsRef() + " names no Credentials");
            }
        }
        // the AOR's user: the credentials' username, else the first URI's user, else the trunk's ref
        String user = c != null ? c.username()
            : out.uris().stream().map(u -> u.uri().user()).filter(Objects::nonNull).findFirst().orElse(t.ref());
        List<Registrar> registrars = new ArrayList<>();
        for (Trunk.OutboundUri u : out.uris()) {
            if (!u.enabled()) {
                continue;
            }
            Transport transport = Transport.of(u.uri().transport().name());
            if (transport == null) {
                throw new IllegalArgumentException("transport " + u.uri().transport() + " of " + u.uri().host() + " is not supported");
            }
            SipUri ruri = SipUri.of(false, null, u.uri().host(), u.uri().port() > 0 ? u.uri().port() : -1);
            if (transport != Transport.UDP) {
                ruri = ruri.withParam("transport", transport.uriParam());
            }
            registrars.add(new Registrar(ruri, SipUri.of(false, SipUri.escapeUser(user), u.uri().host(), -1)));
        }
        if (registrars.isEmpty()) {
            throw new IllegalArgumentException("no enabled outbound URI to register with");
        }
        return new RegistrationPlan(t.ref(), registrars, user, c == null ? null : c.password(), expires);
    }

    @Override
    public String toString() {
        return "RegistrationPlan[trunk=" + trunk + ", registrars=" + registrars + ", user=" + user + ", expires=" + expires + "]";
    }
}
