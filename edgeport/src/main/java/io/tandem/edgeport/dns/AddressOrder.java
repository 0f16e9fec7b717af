package io.tandem.edgeport.dns;

import java.util.List;
import org.xbill.DNS.Type;

/** Which address records to ask for, and in which order their addresses are tried (RFC 3263 §4.2). */
public enum AddressOrder {
    IPV4_FIRST(Type.A, Type.AAAA),
    IPV6_FIRST(Type.AAAA, Type.A),
    IPV4_ONLY(Type.A),
    IPV6_ONLY(Type.AAAA);

    private final List<Integer> types;

    AddressOrder(Integer... types) {
        this.types = List.of(types);
    }

    /** The DNS record types to query, most preferred first. */
    List<Integer> types() {
        return types;
    }
}
