-- The file the media relay recorded the call to (issue 16), as rtpengine named it in its offer
-- reply ("recordings"), e.g. /var/spool/rtpengine/pcaps/CALL-ID-0123456789abcdef.pcap; null when
-- the call was not recorded.
ALTER TABLE cdrs ADD COLUMN recording VARCHAR(1024);
