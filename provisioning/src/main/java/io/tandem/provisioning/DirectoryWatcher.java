package io.tandem.provisioning;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a directory and runs an action once changes have settled: after an event, further events
 * within {@code debounce} of the last one are folded in, so an editor's save or a ConfigMap swap
 * (several events) gives one action.
 */
final class DirectoryWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatcher.class);

    private final Path directory;
    private final WatchService service;
    private final long debounceMillis;
    private final Runnable onChange;
    private final Thread thread;

    DirectoryWatcher(Path directory, Duration debounce, Runnable onChange) throws IOException {
        this.directory = directory;
        this.debounceMillis = debounce.toMillis();
        this.onChange = onChange;
        this.service = FileSystems.getDefault().newWatchService();
        directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        this.thread = Thread.ofPlatform().daemon().name("provisioning-watcher").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                if (!drain(service.take())) {
                    LOG.warn("{} can no longer be watched (deleted?); stopping the watcher", directory);
                    return;
                }
                WatchKey more;
                while ((more = service.poll(debounceMillis, TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                try {
                    onChange.run();
                } catch (RuntimeException e) {
                    LOG.error("reload after a change in {} failed", directory, e);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: stop
        }
    }

    /** Consumes the key's events; false when the key is no longer valid. */
    private static boolean drain(WatchKey key) {
        key.pollEvents();
        return key.reset();
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service", e);
        }
        thread.interrupt();
    }
}
