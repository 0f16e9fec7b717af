package io.tandem.connect.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NonceServiceTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final NonceService nonces = new NonceService("0123456789abcdef0123".getBytes(), 30_000, now::get);

    @Test
    void issuedNonceIsValidForItsRealmOnly() {
        String n = nonces.issue("example.com");
        assertThat(nonces.check(n, "example.com")).isEqualTo(NonceService.Check.VALID);
        assertThat(nonces.check(n, "other.com")).isEqualTo(NonceService.Check.INVALID);
    }

    @Test
    void nonceBecomesStaleAfterItsLifetime() {
        String n = nonces.issue("example.com");
        now.addAndGet(30_001);
        assertThat(nonces.check(n, "example.com")).isEqualTo(NonceService.Check.STALE);
    }

    @Test
    void tamperedOrForeignNoncesAreInvalid() {
        String n = nonces.issue("example.com");
        char c = n.charAt(3) == 'A' ? 'B' : 'A';
        assertThat(nonces.check(n.substring(0, 3) + c + n.substring(4), "example.com")).isEqualTo(NonceService.Check.INVALID);
        assertThat(nonces.check("not base64 at all!", "example.com")).isEqualTo(NonceService.Check.INVALID);
        NonceService other = new NonceService("another key of 16+ bytes".getBytes(), 30_000, now::get);
        assertThat(other.check(n, "example.com")).isEqualTo(NonceService.Check.INVALID);
    }

    @Test
    void instancesSharingTheKeyAcceptEachOthersNonces() {
        NonceService twin = new NonceService("0123456789abcdef0123".getBytes(), 30_000, now::get);
        assertThat(twin.check(nonces.issue("example.com"), "example.com")).isEqualTo(NonceService.Check.VALID);
    }

    @Test
    void nonceCountMustGrow() {
        String n = nonces.issue("example.com");
        assertThat(nonces.acceptCount(n, 1)).isTrue();
        assertThat(nonces.acceptCount(n, 1)).isFalse();
        assertThat(nonces.acceptCount(n, 2)).isTrue();
        assertThat(nonces.acceptCount(n, 1)).isFalse();
    }
}
