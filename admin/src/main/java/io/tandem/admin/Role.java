package io.tandem.admin;

import java.util.Locale;

/** What an API key may do. */
public enum Role {
    /** Every verb on every resource. */
    ADMIN,
    /** Every verb on the resources of its tenant (a Domain and what belongs to it), but not create or delete Domains. */
    OPERATOR,
    /** Get, List and FindBy (of its tenant when it has one); never a password. */
    VIEWER;

    /** The role named {@code s} (any case), or null. */
    public static Role parse(String s) {
        for (Role r : values()) {
            if (r.name().equals(s.toUpperCase(Locale.ROOT))) {
                return r;
            }
        }
        return null;
    }
}
