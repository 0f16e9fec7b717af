package io.tandem.edgeport;

import io.netty.channel.EventLoop;
import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.edgeport.door.Door;
import io.tandem.edgeport.door.Verdict;
import io.tandem.edgeport.dns.TargetResolver;
import io.tandem.edgeport.proxy.Advertiser;
import io.tandem.edgeport.proxy.DialogSeal;
import io.tandem.edgeport.proxy.LocalAddresses;
import io.tandem.edgeport.proxy.ProxyCore;
import io.tandem.edgeport.proxy.ProxySettings;
import io.tandem.edgeport.proxy.ProxyStats;
import io.tandem.edgeport.transaction.TimingWheel;
import io.tandem.edgeport.transaction.TransactionLayer;
import io.tandem.edgeport.transport.Flow;
import io.tandem.edgeport.transport.InboundHandler;
import io.tandem.edgeport.transport.MessageScope;
import io.tandem.edgeport.transport.NettySipTransport;
import io.tandem.edgeport.transport.TransportStats;
import io.tandem.edgeport.uac.UserAgentClient;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Processor;
import io.tandem.processor.Transport;
import java.net.InetSocketAddress;
import io.tandem.sip.SipParseException;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.sip.validate.ResponseValidator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EdgePort: transports, transactions and the proxy core, wired to a Processor. Messages are
 * spread over shards by a hash of their Call-ID, so a call's transactions, timers and response
 * contexts always live on the same event loop and need no lock. The shards are the transport's
 * own I/O event loops: a message read on the loop that owns its call is handled there at once,
 * with no hand-over to another thread; only the others cross over.
 */
public final class EdgePort implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgePort.class);

    private final EdgePortConfig config;
    private final NettySipTransport transport;
    private final Processor processor;
    private final TargetResolver resolver;
    private final ProxyStats stats = new ProxyStats();
    /** Marks our Record-Route entries: dialogs outlive a restart when the key does. */
    private final DialogSeal seal;
    private final Features features;
    private final Door door;
    private Shard[] shards;
    private UserAgentClient userAgent;

    /** @param shardCount event loops (I/O and transactions), usually one per core */
    public EdgePort(EdgePortConfig config, Processor processor, TargetResolver resolver, int shardCount) {
        this(config, processor, resolver, shardCount, DialogSeal.random(), Features.none());
    }

    /** @param seal the Record-Route seal, from the deployment's secret so that dialogs survive a restart */
    public EdgePort(EdgePortConfig config, Processor processor, TargetResolver resolver, int shardCount, DialogSeal seal) {
        this(config, processor, resolver, shardCount, seal, Features.none());
    }

    /** @param features the door filters, call listeners and metrics registry attached to this EdgePort */
    public EdgePort(EdgePortConfig config, Processor processor, TargetResolver resolver, int shardCount, Features features) {
        this(config, processor, resolver, shardCount, DialogSeal.random(), features);
    }

    public EdgePort(EdgePortConfig config, Processor processor, TargetResolver resolver, int shardCount, DialogSeal seal,
                    Features features) {
        this.config = config;
        this.seal = seal;
        this.processor = processor;
        this.resolver = resolver;
        this.features = features;
        this.door = features.door();
        this.transport = new NettySipTransport(config, Math.max(1, shardCount), true);
        transport.tap(features.tap());
        if (door.hasOutbound()) {
            transport.outbound(door::outbound);
        }
    }

    /** Binds every listener; completes when all are bound, or fails naming the one that could not bind. */
    public CompletionStage<Void> start() {
        return transport.start(new Inbound()).thenApply(v -> {
            List<ListeningPoint> points = transport.listeningPoints();
            LocalAddresses local = new LocalAddresses(points, config.externalAddrs());
            ProxySettings settings = new ProxySettings(config.ref(), config.externalAddrs(),
                config.localnets().stream().map(Object::toString).toList(), config.methods(),
                config.unknownMethodAction() == EdgePortConfig.UnknownMethodAction.RESPOND,
                config.proxy().processorTimeoutMillis(), config.timers().toSettings(), config.proxy().serverHeader());
            Advertiser advertiser = config.externalAddrs().isEmpty() ? Advertiser.FIXED
                : (lp, peer) -> config.advertisedHostFor(peer);
            List<Shard> list = new java.util.ArrayList<>();
            for (EventLoop loop : transport.eventLoops()) {
                TimingWheel timers = new TimingWheel(loop);
                ProxyCore core = new ProxyCore(settings, local, transport, resolver, processor, loop, timers, stats, advertiser, seal,
                    features.calls());
                TransactionLayer layer = new TransactionLayer(timers, settings.timers(), core);
                core.attach(layer);
                list.add(new Shard(loop, layer, core));
            }
            shards = list.toArray(new Shard[0]);
            // once started: an EdgePort that could not bind (the launcher retries with a new one) registers nothing
            EdgePortMetrics.register(features.metrics(), stats, transport.stats(), door);
            EdgePortMetrics.connections(features.metrics(), transport);
            EdgePortMetrics.retransmissions(features.metrics(), shards);
            userAgent = new UserAgentClient(callId -> {
                Shard s = shardFor(callId);
                return new UserAgentClient.Shard(s.loop(), s.transactions());
            }, transport, resolver, advertiser);
            for (ListeningPoint lp : points) {
                LOG.info("EdgePort {} listening on {} {}:{} (advertised {})", config.ref(), lp.transport(), lp.bindHost(),
                    lp.port(), lp.hostPort());
            }
            return null;
        });
    }

    public List<ListeningPoint> listeningPoints() {
        return transport.listeningPoints();
    }

    /** Closes the open stream connections of the peers {@code peer} accepts (a source just banned); returns how many. */
    public int closeConnections(java.util.function.Predicate<java.net.InetAddress> peer) {
        return transport.closeConnections(peer);
    }

    /** The door's counters (what its filters turned away). */
    public Door door() {
        return door;
    }

    public ProxyStats stats() {
        return stats;
    }

    public TransportStats transportStats() {
        return transport.stats();
    }

    /** Live transactions over every shard. */
    public int transactionCount() {
        int n = 0;
        for (Shard s : shards) {
            n += CompletableFuture.supplyAsync(s.transactions()::size, s.loop()).join();
        }
        return n;
    }

    /** Sends the requests Tandem originates (a trunk's REGISTER); available once {@link #start()} has completed. */
    public UserAgentClient userAgent() {
        if (userAgent == null) {
            throw new IllegalStateException("the EdgePort has not started");
        }
        return userAgent;
    }

    private Shard shardFor(SipMessage m) {
        try {
            return shardFor(m.callId());
        } catch (SipParseException e) {
            return shardFor((String) null);
        }
    }

    private Shard shardFor(String callId) {
        int h = callId == null ? 0 : callId.hashCode();
        return shards[Math.floorMod(h ^ (h >>> 16), shards.length)];
    }

    /** Hands what the transport reads to the shard that owns the call. */
    private final class Inbound implements InboundHandler {
        @Override
        public boolean admits(InetSocketAddress remote, Transport transport) {
            return door.admits(remote, transport);
        }

        @Override
        public void onMessage(SipMessage message, Flow flow) {
            // The door runs here, on the loop that read the message: what it turns away never crosses to a shard.
            Verdict verdict = door.check(message, flow);
            if (verdict instanceof Verdict.Replace replaced) {
                message = replaced.message();
            } else if (verdict != Verdict.PASS) {
                if (verdict instanceof Verdict.Reject reject && message instanceof SipRequest req) {
                    Shard s = shardFor(message);
                    run(s, guarded(req, () -> s.core().rejectAtDoor(req, flow, reject)));
                }
                return;
            }
            Shard s = shardFor(message);
            if (message instanceof SipRequest req) {
                run(s, guarded(req, () -> {
                    // The transaction layer matches on Via, CSeq, Call-ID, From and To: they must parse.
                    String problem = CoreHeaders.problem(req);
                    if (problem == null) {
                        s.transactions().onRequest(req, flow);
                    } else {
                        s.core().rejectMalformed(req, flow, problem);
                    }
                }));
            } else {
                SipResponse resp = (SipResponse) message;
                run(s, guarded(resp, () -> {
                    // §16.7: a response the proxy cannot parse (core headers, Contact, Record-Route)
                    // or must not route is dropped, whether or not it matches a client transaction.
                    String problem = ResponseValidator.discardReason(resp);
                    if (problem == null) {
                        s.transactions().onResponse(resp, flow);
                    } else {
                        stats.droppedResponses.increment();
                        LOG.debug("dropping response from {}: {}", flow.remote(), problem);
                    }
                }));
            }
        }

        /** On the shard's loop: at once when the message was read there, else queued to it. */
        private static void run(Shard s, Runnable task) {
            if (s.loop().inEventLoop()) {
                task.run();
            } else {
                s.loop().execute(task);
            }
        }

        /**
         * A shard task that cannot end its event loop: an exception escaping a task of a
         * DefaultEventLoop ends the loop's thread, and with it every call of the shard.
         */
        private Runnable guarded(SipMessage m, Runnable task) {
            return () -> {
                SipMessage before = MessageScope.enter(m); // the log lines of the task name its call
                try {
                    task.run();
                } catch (RuntimeException | StackOverflowError e) {
                    stats.internalErrors.increment();
                    LOG.error("internal error on {}", describe(m), e);
                } finally {
                    MessageScope.exit(before);
                }
            };
        }

        @Override
        public void onUnparsable(SipParseException error, Flow flow) {
            shards[0].core().onUnparsable(error, flow);
        }
    }

    private static String describe(SipMessage m) {
        try {
            return (m instanceof SipRequest r ? r.method().name() : Integer.toString(((SipResponse) m).status())) + " " + m.callId();
        } catch (RuntimeException e) {
            return "a message";
        }
    }

    /** Stops accepting, lets transactions finish for up to {@code graceMillis}, then closes everything. */
    public void stop(long graceMillis) {
        if (shards != null) {
            CompletableFuture<?>[] done = new CompletableFuture<?>[shards.length];
            for (int i = 0; i < shards.length; i++) {
                Shard s = shards[i];
                done[i] = CompletableFuture.supplyAsync(s.transactions()::shutdown, s.loop())
                    .thenCompose(CompletionStage::toCompletableFuture);
            }
            try {
                CompletableFuture.allOf(done).get(graceMillis, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.info("stopping with transactions still open after {} ms", graceMillis);
            }
        }
        close();
    }

    @Override
    public void close() {
        transport.close(); // ends the event loops, and with them the shards
    }
}
