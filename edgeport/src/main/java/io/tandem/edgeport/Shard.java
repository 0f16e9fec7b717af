package io.tandem.edgeport;

import io.netty.channel.EventLoop;
import io.tandem.edgeport.proxy.ProxyCore;
import io.tandem.edgeport.transaction.TransactionLayer;

/**
 * One event loop's share of the proxy: its transactions, their timers and the response contexts
 * of the proxy core, all touched only from that loop (ARCHITECTURE.md: no global lock).
 */
record Shard(EventLoop loop, TransactionLayer transactions, ProxyCore core) {
}
