package io.tandem.accounting.call;

/**
 * Where the answered calls of every node are held so that a node can end the calls of one that
 * died (Redis when the Location is). The calls stay in each node's memory ({@link CallTracker});
 * this is their copy for the others. Every method returns at once (the writes are asynchronous).
 */
public interface SharedDialogs {
    /** Nothing shared: a node that dies takes its calls with it. */
    SharedDialogs NONE = new SharedDialogs() {
        @Override
        public void answered(DialogRecord dialog) {
        }

        @Override
        public void ended(String callId) {
        }
    };

    /** The call is answered (or refreshed by a re-INVITE/UPDATE): writes its record, owned by this node. */
    void answered(DialogRecord dialog);

    /** The answered call ended on this node: removes its record. */
    void ended(String callId);
}
