package io.tandem.connect;

import io.tandem.connect.auth.DigestAuthenticator;
import io.tandem.connect.auth.NonceService;
import io.tandem.location.LocationService;
import io.tandem.processor.Decision;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Processor;
import io.tandem.processor.Target;
import io.tandem.provisioning.AccessControlList;
import io.tandem.provisioning.Agent;
import io.tandem.provisioning.Credentials;
import io.tandem.provisioning.Domain;
import io.tandem.provisioning.Peer;
import io.tandem.provisioning.PhoneNumber;
import io.tandem.provisioning.Provisioning;
import io.tandem.provisioning.Trunk;
import io.tandem.sip.SipMethod;
import io.tandem.sip.SipParseException;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The Connect processor: which way the request goes ({@link RoutingDirection}, from the caller and
 * the callee it names), whether its sender may send it (the ACL of the Domain, Peer or Trunk whose
 * traffic it is, then digest, then enabled), and where it goes (registrar, agent to agent, PSTN
 * through a trunk, DID to an agent or a peer pool). Stateless: per-call state lives in the
 * EdgePort, bindings in the Location service.
 */
public final class ConnectProcessor implements Processor {
    private final Provisioning provisioning;
    private final DigestAuthenticator auth;
    private final Registrar registrar;
    private final CallRouter router;
    private final DirectionResolver directions;

    public ConnectProcessor(Provisioning provisioning, LocationService location, ConnectSettings settings, NonceService nonces) {
        this.provisioning = provisioning;
        this.auth = new DigestAuthenticator(nonces, settings.digestAlgorithms());
        this.registrar = new Registrar(location, settings, System::currentTimeMillis);
        this.router = new CallRouter(location, settings.numbering());
        this.directions = new DirectionResolver(settings.numbering());
    }

    public ConnectProcessor(Provisioning provisioning, LocationService location) {
        this(provisioning, location, ConnectSettings.DEFAULT, NonceService.withRandomKey(ConnectSettings.DEFAULT.nonceLifetimeMillis()));
    }

    @Override
    public CompletionStage<Decision> process(MessageContext ctx) {
        try {
            return decide(ctx, provisioning.snapshot());
        } catch (SipParseException e) {
            return done(Answers.respond(400, "Bad Request (" + e.getMessage().replaceAll("[\\r\\n]", " ") + ")"));
        }
    }

    private CompletionStage<Decision> decide(MessageContext ctx, Provisioning p) {
        SipRequest req = ctx.request();
        if (!(req.requestUri() instanceof SipUri ruri)) {
            return done(Answers.respond(416, "Unsupported URI Scheme"));
        }
        boolean toUs = Locality.isOwnAddress(ctx, ruri) || Locality.servedDomain(p, ctx, ruri) != null;
        // In-dialog requests on a route we set up follow their Route set (the EdgePort has removed
        // and verified our own entries). One with a To tag that did not come along our Record-Route
        // and is not for us would make us an open relay: refused.
        if (req.to().tag() != null) {
            if (ctx.dialogRouted()) {
                // RFC 3325 §5: identity headers from a source not known to be trusted are removed. Which
                // leg an in-dialog request comes from is not established here (a trunk's ACL may admit
                // agents too), so they are removed from every in-dialog request, either way.
                Decision.Forward along = Decision.forward(Target.of(ruri));
                return done(new Decision.Forward(along.targets(), along.fork(), List.of(), AssertedIdentity.FROM_UNTRUSTED));
            }
            if (!toUs) {
                return done(Answers.forbidden("in-dialog request not routed through this server"));
            }
        }
        if (req.method() == SipMethod.REGISTER) {
            return register(ctx, p);
        }
        if (!(req.from().uri() instanceof SipUri from)) {
            return done(Answers.respond(400, "Bad Request (From must be a sip or sips URI)"));
        }
        InetAddress source = InetAddress.ofLiteral(ctx.sourceHost());
        DirectionResolver.Routing r = directions.resolve(ctx, p, from, ruri);
        return switch (r.direction()) {
            case AGENT_TO_AGENT, AGENT_TO_PEER, AGENT_TO_PSTN -> fromAgent(ctx, p, r, source);
            case PEER_TO_AGENT, PEER_TO_PSTN -> fromPeer(ctx, p, r, source, from);
            case FROM_PSTN -> r.trunk() == null
                ? done(Answers.forbidden("number " + ((PhoneNumber) r.callee()).number() + " has no trunk"))
                : fromTrunk(ctx, p, r.trunk(), (PhoneNumber) r.callee(), source);
            case UNKNOWN -> unknown(ctx, p, r, source, from);
        };
    }

    private CompletionStage<Decision> fromAgent(MessageContext ctx, Provisioning p, DirectionResolver.Routing r, InetAddress source) {
        Agent caller = (Agent) r.caller();
        Domain domain = r.callerDomain();
        Decision denied = admitAgent(ctx, p, caller, domain, domain.domainUri(), source);
        if (denied != null) {
            return done(denied);
        }
        return switch (r.direction()) {
            case AGENT_TO_AGENT -> router.agentToAgent((Agent) r.callee(), r.calleeDomain());
            case AGENT_TO_PEER -> router.agentToPeer(ctx, caller, domain, (Peer) r.callee());
            default -> router.agentToPstn(ctx, p, caller, domain);
        };
    }

    private CompletionStage<Decision> fromPeer(MessageContext ctx, Provisioning p, DirectionResolver.Routing r, InetAddress source,
                                               SipUri from) {
        Decision denied = admitPeer(ctx, p, (Peer) r.caller(), source, from.host());
        if (denied != null) {
            return done(denied);
        }
        return r.direction() == RoutingDirection.PEER_TO_AGENT
            ? router.peerToAgent(ctx, (Agent) r.callee(), r.calleeDomain())
            : router.peerToPstn(ctx, p);
    }

    /**
     * UNKNOWN (Routr answers 403). A caller claiming a Domain of ours that holds no such Agent is
     * treated as an Agent: challenged like a known one, so that the answer does not say which users
     * exist. A Peer calling a Peer, or a request that names nothing of ours, is refused.
     */
    private CompletionStage<Decision> unknown(MessageContext ctx, Provisioning p, DirectionResolver.Routing r, InetAddress source,
                                              SipUri from) {
        if (r.caller() instanceof Peer peer) {
            Decision denied = admitPeer(ctx, p, peer, source, from.host());
            return done(denied != null ? denied : Answers.forbidden("calls from a peer to a peer are not routed"));
        }
        if (r.callerDomain() != null) {
            Decision denied = admitAgent(ctx, p, null, r.callerDomain(), r.callerDomain().domainUri(), source);
            return done(denied != null ? denied : Answers.forbidden("unknown caller"));
        }
        return done(Answers.forbidden("neither the caller nor the callee is provisioned here"));
    }

    private CompletionStage<Decision> register(MessageContext ctx, Provisioning p) {
        SipRequest req = ctx.request();
        if (!(req.to().uri() instanceof SipUri to)) {
            return done(Answers.respond(400, "Bad Request (To must be a sip or sips URI)"));
        }
        InetAddress source = InetAddress.ofLiteral(ctx.sourceHost());
        Domain domain = Locality.servedDomain(p, ctx, to);
        Agent agent = domain == null ? null : p.findAgent(to.userDecoded(), domain.domainUri());
        Peer peer = agent == null ? p.findPeerByUsername(to.userDecoded()) : null;
        if (peer != null) {
            Decision denied = admitPeer(ctx, p, peer, source, to.host());
            return denied != null ? done(denied) : registrar.register(ctx, peer.aor(), peer.spec().maxContacts(), peer.spec().expires());
        }
        String realm = domain != null ? domain.domainUri() : to.host();
        Decision denied = admitAgent(ctx, p, agent, domain, realm, source);
        if (denied != null) {
            return done(denied);
        }
        return registrar.register(ctx, CallRouter.aorOf(agent, domain), agent.spec().maxContacts(), agent.spec().expires());
    }

    /**
     * The Domain's ACL first: a source it denies gets the same 403 whatever credentials it sends,
     * and is never challenged, so it cannot try passwords (RFC 3261 §26.2.1, §22.1: a proxy may
     * refuse before authenticating). Then digest (an unknown user is challenged like a known one),
     * then the Agent's state. Null when admitted.
     */
    private Decision admitAgent(MessageContext ctx, Provisioning p, Agent agent, Domain domain, String realm, InetAddress source) {
        AccessControlList acl = domain == null || domain.accessControlListRef() == null ? null : p.acl(domain.accessControlListRef());
        if (acl != null && !acl.allows(source)) {
            return Answers.forbidden("source address not allowed by the domain's access control list");
        }
        Function<String, String> passwordOf = user -> agent == null ? null : passwordFor(p, agent.credentialsRef(), user);
        Decision challenge = authenticate(ctx, realm, passwordOf);
        if (challenge != null) {
            return challenge;
        }
        if (!agent.spec().enabled()) {
            return Answers.forbidden("agent " + agent.username() + " is disabled");
        }
        return null;
    }

    /**
     * A Peer is admitted by its ACL, or by digest when it has credentials (both when it has both:
     * the ACL first, so that a denied source is never challenged).
     */
    private Decision admitPeer(MessageContext ctx, Provisioning p, Peer peer, InetAddress source, String realm) {
        AccessControlList acl = peer.spec().accessControlListRef() == null ? null : p.acl(peer.spec().accessControlListRef());
        if (acl != null && !acl.allows(source)) {
            return Answers.forbidden("source address not allowed by the peer's access control list");
        }
        if (peer.spec().credentialsRef() != null) {
            Decision challenge = authenticate(ctx, realm, user -> passwordFor(p, peer.spec().credentialsRef(), user));
            if (challenge != null) {
                return challenge;
            }
        } else if (acl == null) {
            return Answers.forbidden("peer " + peer.username() + " has neither credentials nor an access control list");
        }
        return peer.spec().enabled() ? null : Answers.forbidden("peer " + peer.username() + " is disabled");
    }

    /**
     * A Trunk is admitted by its inbound ACL, or by digest when it has inbound credentials (both
     * when it has both). One with neither is admitted only from {@link #fromOwnOutboundUri its
     * outbound URIs' addresses}: naming its inbound URI is not enough, else anyone could call its
     * numbers. (RFC 3261 §22.3 lets a proxy authenticate the originator before processing; without
     * digest, the source address is what identifies a carrier.)
     */
    private CompletionStage<Decision> fromTrunk(MessageContext ctx, Provisioning p, Trunk trunk, PhoneNumber number, InetAddress source) {
        Trunk.Inbound in = trunk.spec().inbound();
        AccessControlList acl = in == null || in.accessControlListRef() == null ? null : p.acl(in.accessControlListRef());
        if (acl != null && !acl.allows(source)) {
            return done(Answers.forbidden("source address not allowed by trunk " + trunk.ref()));
        }
        if (acl == null && (in == null || in.credentialsRef() == null) && !fromOwnOutboundUri(trunk, source)) {
            return done(Answers.forbidden("trunk has no ACL or credentials and the source is not one of its outbound URIs"));
        }
        if (in != null && in.credentialsRef() != null) {
            String realm = in.uri() != null ? in.uri() : ((SipUri) ctx.request().requestUri()).host();
            Decision challenge = authenticate(ctx, realm, user -> passwordFor(p, in.credentialsRef(), user));
            if (challenge != null) {
                return done(challenge);
            }
        }
        return router.fromPstn(ctx, p, trunk, number);
    }

    /**
     * Whether {@code source} is the numeric host of one of the trunk's outbound URIs (enabled or
     * not). Host names are not resolved: a trunk written with names needs an ACL or credentials.
     */
    private static boolean fromOwnOutboundUri(Trunk trunk, InetAddress source) {
        return trunk.outboundAddresses().contains(source);
    }

    /** Null when the request carries valid credentials; otherwise the challenge to send. */
    private Decision authenticate(MessageContext ctx, String realm, Function<String, String> passwordOf) {
        DigestAuthenticator.Verdict v = auth.verify(ctx.request(), realm, passwordOf);
        return switch (v.result()) {
            case OK -> null;
            case STALE -> Answers.challenge(ctx.request(), auth, realm, true);
            case MISSING, FAILED -> Answers.challenge(ctx.request(), auth, realm, false);
        };
    }

    private static String passwordFor(Provisioning p, String credentialsRef, String user) {
        Credentials c = credentialsRef == null ? null : p.credentials(credentialsRef);
        return c != null && c.username().equals(user) ? c.password() : null;
    }

    static CompletionStage<Decision> done(Decision d) {
        return CompletableFuture.completedFuture(d);
    }
}
