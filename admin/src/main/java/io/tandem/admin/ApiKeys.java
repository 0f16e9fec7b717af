package io.tandem.admin;

import io.tandem.admin.ApiException.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The API keys of {@code provisioning.yaml} ({@code spec.api.keys}), each an id, a secret (kept as its SHA-256),
 * a role and optionally a tenant. A call presents {@code id:secret} as HTTP Basic credentials in its
 * {@code authorization} header (gRPC metadata or HTTP) — what Routr's SDK sends for its {@code username} and
 * {@code password} options — or as {@code Bearer id:secret}.
 */
public final class ApiKeys {
    /** A configured key. */
    public record Key(String id, byte[] secretSha256, Role role, String tenant) {
    }

    private static final ApiException UNAUTHENTICATED = new ApiException(Status.UNAUTHENTICATED,
        "missing or invalid API key (authorization: Basic base64(id:secret))");

    private final Map<String, Key> byId;

    public ApiKeys(List<Key> keys) {
        this.byId = keys.stream().collect(Collectors.toUnmodifiableMap(Key::id, Function.identity()));
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    public static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /**
     * The caller that {@code authorization} (the header's value, or null) authenticates.
     *
     * @throws ApiException UNAUTHENTICATED, with the same message whatever was wrong
     */
    public Caller authenticate(String authorization) {
        if (authorization == null) {
            throw UNAUTHENTICATED;
        }
        String idSecret;
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                idSecret = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw UNAUTHENTICATED;
            }
        } else if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            idSecret = authorization.substring(7).trim();
        } else {
            throw UNAUTHENTICATED;
        }
        int colon = idSecret.indexOf(':');
        Key k = colon < 0 ? null : byId.get(idSecret.substring(0, colon));
        byte[] presented = sha256(colon < 0 ? idSecret : idSecret.substring(colon + 1));
        if (k == null || !MessageDigest.isEqual(k.secretSha256(), presented)) {
            throw UNAUTHENTICATED;
        }
        return new Caller(k.id(), k.role(), k.tenant());
    }
}
