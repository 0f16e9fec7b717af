package io.tandem.edgeport.proxy;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the proxy core; every message it drops on purpose is counted here. */
public final class ProxyStats {
    public final LongAdder requests = new LongAdder();
    public final LongAdder rejected = new LongAdder();
    public final LongAdder forwarded = new LongAdder();
    public final LongAdder droppedByProcessor = new LongAdder();
    public final LongAdder droppedUnknownMethod = new LongAdder();
    public final LongAdder droppedResponses = new LongAdder();
    public final LongAdder droppedAcks = new LongAdder();
    public final LongAdder unparsable = new LongAdder();
    public final LongAdder processorFailures = new LongAdder();
    public final LongAdder loops = new LongAdder();
    /** Exceptions thrown by call listeners (caught; the call went on). */
    public final LongAdder listenerErrors = new LongAdder();
    /** Responses a Processor's relaying hook failed on (relayed unchanged). */
    public final LongAdder relayHookFailures = new LongAdder();
    /** Exceptions caught on a shard (a bug: logged with its stack trace). */
    public final LongAdder internalErrors = new LongAdder();
}
