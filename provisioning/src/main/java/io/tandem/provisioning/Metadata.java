package io.tandem.provisioning;

import java.util.Objects;

/**
 * A resource's {@code metadata}.
 *
 * @param name {@code metadata.name}, at most 60 characters
 * @param region {@code metadata.region} (Trunks; reserved by Routr), or null
 * @param geoInfo {@code metadata.geoInfo} (Numbers), or null
 */
public record Metadata(String name, String region, GeoInfo geoInfo) {
    public Metadata {
        Objects.requireNonNull(name, "name");
    }

    public Metadata(String name) {
        this(name, null, null);
    }

    /** A Number's {@code metadata.geoInfo}; every field may be null. */
    public record GeoInfo(String city, String country, String countryIsoCode) {
    }
}
