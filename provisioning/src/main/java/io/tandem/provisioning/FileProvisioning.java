package io.tandem.provisioning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resources of a directory of Routr v2 files ({@code .yaml}, {@code .yml}, {@code .json}).
 *
 * <p>{@link #reload()} loads the directory anew into an immutable {@link ProvisioningSnapshot} and swaps it
 * in atomically; when the files are invalid it keeps the snapshot in use, logs one line per error and
 * returns the errors. {@link #startWatching()} reloads on changes to the directory (debounced); the
 * launcher calls {@link #reload()} on SIGHUP. Listeners hear of every successful reload.
 */
public final class FileProvisioning implements LiveProvisioning {
    /** The quiet time after a change before the watcher reloads. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(300);

    private static final Logger LOG = LoggerFactory.getLogger(FileProvisioning.class);

    private final Path directory;
    private final AtomicReference<ProvisioningSnapshot> current;
    private final ProvisioningListeners listeners = new ProvisioningListeners();
    private final Object reloadLock = new Object();
    private DirectoryWatcher watcher;

    /** Loads {@code directory}; throws {@link ProvisioningException} with every error when it is invalid. */
    public FileProvisioning(Path directory) {
        this.directory = directory;
        ProvisioningSnapshot first = ResourceLoader.loadDirectory(directory);
        LOG.info("loaded {} from {}", first, directory);
        logWarnings(first);
        this.current = new AtomicReference<>(first);
    }

    @Override
    public String describe() {
        return "files in " + directory;
    }

    public Path directory() {
        return directory;
    }

    /** The snapshot in use. */
    @Override
    public ProvisioningSnapshot snapshot() {
        return current.get();
    }

    /**
     * Loads the directory again and, when valid, swaps the new snapshot in and tells the listeners.
     *
     * @return empty on success; else the errors (also logged), the previous snapshot staying in use
     */
    @Override
    public List<ProvisioningError> reload() {
        synchronized (reloadLock) {
            ProvisioningSnapshot next;
            try {
                next = ResourceLoader.loadDirectory(directory);
            } catch (ProvisioningException e) {
                LOG.error("reload of {} failed with {} error(s); keeping the resources in use", directory, e.errors().size());
                for (ProvisioningError err : e.errors()) {
                    LOG.error("provisioning error: {}", err.message());
                }
                return e.errors();
            }
            current.set(next);
            LOG.info("reloaded {} from {}", next, directory);
            logWarnings(next);
            listeners.tell(next);
            return List.of();
        }
    }

    private static void logWarnings(ProvisioningSnapshot s) {
        for (ProvisioningError w : s.warnings()) {
            LOG.warn("provisioning warning: {}", w.message());
        }
    }

    @Override
    public ProvisioningListeners listeners() {
        return listeners;
    }

    /** Starts reloading on changes to the directory, debounced by {@link #DEFAULT_DEBOUNCE}. */
    @Override
    public void startWatching() {
        startWatching(DEFAULT_DEBOUNCE);
    }

    /** Starts reloading on changes to the directory, once no change has come for {@code debounce}. No-op if watching. */
    public synchronized void startWatching(Duration debounce) {
        if (watcher != null) {
            return;
        }
        try {
            watcher = new DirectoryWatcher(directory, debounce, this::reload);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + directory, e);
        }
        watcher.start();
    }

    /** Stops the watcher, if any. */
    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }
}
