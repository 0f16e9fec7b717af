package io.tandem.launcher;

import io.tandem.config.ConfigProblem;
import io.tandem.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one secret of a Tandem deployment, and the keys derived from it: the Record-Route seal
 * (dialogs survive a restart), the digest nonce key (one server accepts another's nonces) and the
 * topology hiding key (masked headers open on any server).
 * Taken from, in order: the environment variable {@code TANDEM_SECRET}, the file named by
 * {@code --secret}, else {@code <dir>/secret}, created on first run with 32 random bytes (0600).
 * Each key is HMAC-SHA-256(secret, label), so no key reveals the secret or another key. Only the
 * derived keys are kept; neither they nor the secret are ever logged.
 */
final class ServerSecret {
    static final String ENV = "TANDEM_SECRET";
    static final String FILE = "secret";
    static final int MIN_BYTES = 16;
    private static final String DIALOG_SEAL = "tandem dialog-seal v1";
    private static final String NONCE = "tandem nonce v1";
    private static final String TOPOLOGY = "tandem topology v1";
    private static final String CREDENTIALS = "tandem credentials v1";

    private final byte[] dialogSealKey;
    private final byte[] nonceKey;
    private final byte[] topologyKey;
    private final byte[] credentialsKey;
    private final String origin;

    private ServerSecret(byte[] secret, String origin) {
        this.dialogSealKey = derive(secret, DIALOG_SEAL);
        this.nonceKey = derive(secret, NONCE);
        this.topologyKey = derive(secret, TOPOLOGY);
        this.credentialsKey = derive(secret, CREDENTIALS);
        this.origin = origin;
    }

    /**
     * The secret of this start.
     *
     * @param env the process environment
     * @param file {@code --secret}: must exist; null when not given
     * @param dir where {@code secret} is read, or created when missing
     * @throws ConfigException naming the variable or file and the reason
     */
    static ServerSecret resolve(Map<String, String> env, Path file, Path dir) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null) {
            return of(fromEnv.getBytes(StandardCharsets.UTF_8), "environment variable " + ENV);
        }
        if (file != null) {
            return read(file, "--secret " + file);
        }
        Path p = dir.resolve(FILE);
        if (!Files.exists(p) && create(p)) {
            return read(p, p + " (created now)");
        }
        return read(p, p.toString());
    }

    /** A secret given in code (tests); {@code origin} says where it came from. */
    static ServerSecret of(byte[] secret, String origin) {
        if (secret.length < MIN_BYTES) {
            throw refused(origin, "shorter than " + MIN_BYTES + " bytes (" + secret.length + "); use 32 random bytes");
        }
        return new ServerSecret(secret, origin);
    }

    byte[] dialogSealKey() {
        return dialogSealKey.clone();
    }

    byte[] nonceKey() {
        return nonceKey.clone();
    }

    /** Topology hiding's seals: masked headers open on every server of the deployment, after a restart too. */
    byte[] topologyKey() {
        return topologyKey.clone();
    }

    /** Seals the Credentials' passwords in the provisioning database (AES-256-GCM). */
    byte[] credentialsKey() {
        return credentialsKey.clone();
    }

    /** Where the secret came from (never the secret). */
    String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "ServerSecret[from " + origin + "]";
    }

    private static ServerSecret read(Path p, String origin) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(p);
        } catch (IOException e) {
            throw refused(origin, "unreadable (" + e + "); set " + ENV + " or give --secret FILE");
        }
        return of(bytes, origin);
    }

    /**
     * Writes 32 random bytes, readable by the owner only, under a temporary name first so that no
     * one reads a partial file; false when another process made it first.
     */
    private static boolean create(Path p) {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        Path tmp = null;
        try {
            Path dir = p.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            try {
                tmp = Files.createTempFile(dir, ".secret-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) { // not a POSIX file system
                tmp = Files.createTempFile(dir, ".secret-", ".tmp");
            }
            Files.write(tmp, k);
            Files.createLink(p, tmp); // atomic, and fails if p exists
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            throw refused(p.toString(), "cannot be created (" + e + "); set " + ENV + " or give --secret FILE");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // a stray temporary file, harmless
                }
            }
        }
    }

    private static ConfigException refused(String origin, String reason) {
        return new ConfigException(origin, List.of(new ConfigProblem("", "secret " + reason)));
    }

    private static byte[] derive(byte[] secret, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
