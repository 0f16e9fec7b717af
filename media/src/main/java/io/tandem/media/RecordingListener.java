package io.tandem.media;

/**
 * Told the file each recorded call goes to, as rtpengine names it in its offer reply
 * ({@code recordings}, e.g. {@code /var/spool/rtpengine/pcaps/CALL-ID-0123456789abcdef.pcap}):
 * accounting puts it in the call's CDR. Called on the thread that got the reply; must not block.
 */
@FunctionalInterface
public interface RecordingListener {
    RecordingListener NONE = (callId, file) -> {
    };

    void recording(String callId, String file);
}
