package io.tandem.sip.uri;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Test generators for IPv6 addresses and their textual forms (RFC 4291 §2.2). */
final class Generators {
    private Generators() {
    }

    /** 16-byte addresses, biased towards runs of zero groups. */
    static Arbitrary<byte[]> ipv6() {
        Arbitrary<Integer> group = Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(0)), Tuple.of(2, Arbitraries.integers().between(0, 0xffff)),
            Tuple.of(1, Arbitraries.integers().between(1, 15)));
        return group.list().ofSize(8).map(gs -> {
            byte[] a = new byte[16];
            for (int i = 0; i < 8; i++) {
                a[2 * i] = (byte) (gs.get(i) >> 8);
                a[2 * i + 1] = (byte) (int) gs.get(i);
            }
            return a;
        });
    }

    /**
     * Text of an address: mode 0 all eight groups; 1 the longest zero run as "::";
     * 2 like 1 but the last 32 bits as a dotted IPv4 address.
     */
    static String ipv6Text(byte[] a, int mode) {
        int groups = mode == 2 ? 6 : 8;
        int[] g = new int[groups];
        for (int i = 0; i < groups; i++) {
            g[i] = (a[2 * i] & 0xff) << 8 | (a[2 * i + 1] & 0xff);
        }
        int runStart = -1;
        int runLen = 0;
        if (mode != 0) {
            for (int i = 0; i < groups; i++) {
                int j = i;
                while (j < groups && g[j] == 0) {
                    j++;
                }
                if (j - i > runLen && j - i >= 1) {
                    runStart = i;
                    runLen = j - i;
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < groups; i++) {
            if (i == runStart) {
                sb.append("::");
                i += runLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        if (mode == 2) {
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(a[12] & 0xff).append('.').append(a[13] & 0xff).append('.').append(a[14] & 0xff).append('.').append(a[15] & 0xff);
        }
        return sb.toString();
    }
}
