package io.tandem.bench;

import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Where Tandem's routing-fields time goes: the framing pass alone, then framing plus one accessor
 * each (subtract {@code frame} to get the accessor's own cost). Not part of the default run;
 * {@code BENCH=TandemBreakdown sip-codec-bench/run.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TandemBreakdown {

    @Param({"invite", "register", "ok"})
    public String message;

    private byte[] bytes;

    @Setup
    public void setup() {
        bytes = Messages.get(message);
    }

    @Benchmark
    public SipMessage frame() {
        return SipParser.parse(bytes);
    }

    @Benchmark
    public Object topViaBranch() {
        return SipParser.parse(bytes).topVia().branch();
    }

    @Benchmark
    public Object callId() {
        return SipParser.parse(bytes).callId();
    }

    @Benchmark
    public void cseq(Blackhole bh) {
        var c = SipParser.parse(bytes).cseq();
        bh.consume(c.sequence());
        bh.consume(c.method());
    }

    @Benchmark
    public Object fromTag() {
        return SipParser.parse(bytes).from().tag();
    }

    @Benchmark
    public Object toTag() {
        return SipParser.parse(bytes).to().tag();
    }

    /** A number whose boxed value is not in the Long cache (Content-Length 311 / 0 / 209). */
    @Benchmark
    public long contentLength() {
        return SipParser.parse(bytes).contentLength();
    }

    /** A number the Long cache holds (Max-Forwards 70; absent in the 200 OK). */
    @Benchmark
    public int maxForwards() {
        return SipParser.parse(bytes).maxForwards();
    }

    @Benchmark
    public Object requestUri() {
        return SipParser.parse(bytes) instanceof SipRequest r ? r.requestUri() : null;
    }
}
