package io.tandem.provisioning;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listeners of a {@link LiveProvisioning}, told of each new snapshot in order; one that fails is logged and skipped. */
public final class ProvisioningListeners {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningListeners.class);

    private final List<ProvisioningListener> listeners = new CopyOnWriteArrayList<>();

    public void add(ProvisioningListener listener) {
        listeners.add(listener);
    }

    public void remove(ProvisioningListener listener) {
        listeners.remove(listener);
    }

    /** Tells every listener that {@code snapshot} is now in use. */
    public void tell(ProvisioningSnapshot snapshot) {
        for (ProvisioningListener l : listeners) {
            try {
                l.reloaded(snapshot);
            } catch (RuntimeException e) {
                LOG.error("provisioning listener {} failed", l, e);
            }
        }
    }
}
