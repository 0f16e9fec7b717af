package io.tandem.connect.it;

import io.tandem.location.LocationService;
import io.tandem.location.MemoryLocationService;

/** The registrar cases on the memory Location provider. */
class RegistrarMemoryTest extends RegistrarCases {
    @Override
    LocationService newLocation() {
        return new MemoryLocationService();
    }
}
