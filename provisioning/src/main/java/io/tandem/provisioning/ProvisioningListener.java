package io.tandem.provisioning;

/** Told after a reload has swapped in a new set of resources. */
@FunctionalInterface
public interface ProvisioningListener {
    /** Called on the reloading thread with the snapshot now in use; exceptions are logged and ignored. */
    void reloaded(ProvisioningSnapshot snapshot);
}
