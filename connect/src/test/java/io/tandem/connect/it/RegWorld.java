package io.tandem.connect.it;

import java.io.IOException;

/**
 * The resources the registrar and agent-call tests provision: one Domain {@value #DOMAIN} with
 * agents 1001 and 1002 (enabled, with passwords), 1003 (disabled), 1004 (at most 2 contacts) and 1005 (registrations
 * last 300 s, whatever it asks).
 */
final class RegWorld {
    static final String DOMAIN = "sip.local";
    static final String PASSWORD_1001 = "pw-1001";
    static final String PASSWORD_1002 = "pw-1002";
    static final String PASSWORD_1003 = "pw-1003";
    static final String PASSWORD_1004 = "pw-1004";
    static final String PASSWORD_1005 = "pw-1005";

    private RegWorld() {
    }

    /** Writes the domain, credentials and agents into the fixture's resource directory. */
    static void write(ConnectFixture f) throws IOException {
        f.resource("domains.yaml", """
            - apiVersion: v2beta1
              kind: Domain
              ref: dom-local
              metadata:
                name: Local
              spec:
                context:
                  domainUri: %s
            """.formatted(DOMAIN));
        StringBuilder creds = new StringBuilder();
        StringBuilder agents = new StringBuilder();
        credentials(creds, "1001", PASSWORD_1001);
        credentials(creds, "1002", PASSWORD_1002);
        credentials(creds, "1003", PASSWORD_1003);
        credentials(creds, "1004", PASSWORD_1004);
        credentials(creds, "1005", PASSWORD_1005);
        agent(agents, "1001", "");
        agent(agents, "1002", "");
        agent(agents, "1003", "    enabled: false\n");
        agent(agents, "1004", "    maxContacts: 2\n");
        agent(agents, "1005", "    expires: 300\n");
        f.resource("credentials.yaml", creds.toString());
        f.resource("agents.yaml", agents.toString());
    }

    private static void credentials(StringBuilder sb, String user, String password) {
        sb.append("""
            - apiVersion: v2beta1
              kind: Credentials
              ref: cred-%1$s
              metadata:
                name: Credentials of %1$s
              spec:
                credentials:
                  username: "%1$s"
                  password: "%2$s"
            """.formatted(user, password));
    }

    private static void agent(StringBuilder sb, String user, String extra) {
        sb.append("""
            - apiVersion: v2beta1
              kind: Agent
              ref: agent-%1$s
              metadata:
                name: Agent %1$s
              spec:
                username: "%1$s"
                domainRef: dom-local
                credentialsRef: cred-%1$s
            """.formatted(user)).append(extra);
    }
}
