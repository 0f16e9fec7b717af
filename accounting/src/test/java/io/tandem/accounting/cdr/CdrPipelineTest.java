package io.tandem.accounting.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.tandem.accounting.call.Disposition;
import io.tandem.accounting.rating.RatingEngine;
import io.tandem.testkit.NatsServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdrPipelineTest {
    @TempDir
    Path dir;
    private NatsServer nats;
    private CdrTable table;

    @BeforeEach
    void start() throws Exception {
        nats = NatsServer.start();
        table = new CdrTable(CdrTable.h2Url(dir), "sa", "");
    }

    @AfterEach
    void stop() throws Exception {
        table.close();
        nats.close();
    }

    private CdrPipeline pipeline(CdrOutlet... outlets) {
        return new CdrPipeline(List.of(outlets), RatingEngine.NONE, 10_000).start();
    }

    private CdrStream stream() {
        return new CdrStream(nats.url(), "TANDEM_CDRS", "tandem.cdrs", Duration.ofMinutes(2));
    }

    private long messages() throws Exception {
        try (Connection c = Nats.connect(nats.url())) {
            return c.jetStreamManagement().getStreamInfo("TANDEM_CDRS").getStreamState().getMsgCount();
        }
    }

    @Test
    void everyEndedCallIsOneRowAndOneMessage() throws Exception {
        CdrPipeline p = pipeline(new CdrTable(CdrTable.h2Url(dir), "sa", ""), stream());
        for (int i = 0; i < 100; i++) {
            p.accept(i % 10 == 0 ? Calls.busy(i) : Calls.answered(i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> p.waiting() == 0 && p.written("nats") == 100 && p.written("database") == 100);
        assertThat(table.count()).isEqualTo(100);
        assertThat(messages()).isEqualTo(100);
        List<Cdr> busy = table.find(new CdrTable.CdrFilter(null, null, null, null, null, Disposition.BUSY, 0));
        assertThat(busy).hasSize(10).allSatisfy(c -> {
            assertThat(c.status()).isEqualTo(486);
            assertThat(c.answer()).isNull();
            assertThat(c.sourceRef()).isEqualTo("trunk-carrier");
        });
        List<Cdr> one = table.find(new CdrTable.CdrFilter(null, null, null, "+14045550007", "trunk-carrier", null, 0));
        assertThat(one).singleElement().satisfies(c -> {
            assertThat(c.durationMillis()).isEqualTo(60_000);
            assertThat(c.callId()).isEqualTo("call-7");
            assertThat(c.id()).hasSize(36).startsWith(c.id().substring(0, 8));
            assertThat(c.recording()).isEqualTo(Calls.recording(7));
            assertThat(CdrTable.json(c)).contains("\"recording\":\"" + Calls.recording(7) + "\"");
        });
        assertThat(table.find(new CdrTable.CdrFilter(null, null, null, "+14045550008", null, null, 0))).singleElement()
            .satisfies(c -> assertThat(c.recording()).isNull());
        p.stop(2_000);
    }

    @Test
    void aNatsRestartMidRunLosesNoCdrAndDuplicatesNone() throws Exception {
        CdrStream stream = stream();
        CdrPipeline p = pipeline(stream);
        for (int i = 0; i < 50; i++) {
            p.accept(Calls.answered(i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> p.written("nats") == 50);
        nats.stop();
        for (int i = 50; i < 100; i++) {
            p.accept(Calls.answered(i));
        }
        Thread.sleep(1_500);
        assertThat(p.written("nats")).isLessThan(100);
        nats.restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> p.written("nats") == 100);
        assertThat(messages()).isEqualTo(100);
        assertThat(p.dropped()).isZero();
        p.stop(2_000);
    }

    @Test
    void aFailingOutletKeepsItsBacklogUpToTheCapacityAndCountsTheRest() throws Exception {
        AtomicBoolean up = new AtomicBoolean(false);
        CdrTable real = new CdrTable(CdrTable.h2Url(dir), "sa", "");
        CdrOutlet flaky = new CdrOutlet() {
            @Override
            public String name() {
                return "database";
            }

            @Override
            public void write(List<Cdr> batch) throws Exception {
                if (!up.get()) {
                    throw new java.sql.SQLException("down");
                }
                real.write(batch);
            }
        };
        CdrPipeline p = new CdrPipeline(List.of(flaky), RatingEngine.NONE, 20).start();
        io.tandem.metrics.MetricsRegistry metrics = new io.tandem.metrics.MetricsRegistry();
        p.register(metrics);
        for (int i = 0; i < 30; i++) {
            p.accept(Calls.answered(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> p.made() + p.dropped() >= 30);
        await().atMost(Duration.ofSeconds(10)).until(() -> p.dropped() == 9 || p.dropped() == 10);
        assertThat(metrics.value("tandem_cdr_outlet_up", "outlet", "database")).as("failing").isZero();
        long kept = 30 - p.dropped();
        up.set(true);
        await().atMost(Duration.ofSeconds(20)).until(() -> p.written("database") == kept);
        assertThat(metrics.value("tandem_cdr_outlet_up", "outlet", "database")).as("back").isEqualTo(1);
        assertThat(metrics.value("tandem_cdr_outlet_write_microseconds", "outlet", "database")).isPositive();
        assertThat(table.count()).isEqualTo(kept);
        real.write(table.find(new CdrTable.CdrFilter(null, null, null, null, null, null, 0)));
        assertThat(table.count()).as("a CDR written again is kept once").isEqualTo(kept);
        p.stop(1_000);
        real.close();
    }
}
