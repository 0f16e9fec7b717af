package io.tandem.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Reloading: atomic swap, keeping the old set on error, listeners, and the directory watcher. */
class FileProvisioningTest {
    @TempDir
    Path dir;

    private static String agent(String ref, String username) {
        return "- {apiVersion: v2, kind: Agent, ref: " + ref + ", metadata: {name: n}, spec: {username: '" + username + "', domainRef: dom-1}}\n";
    }

    @Test
    void reloadSwapsInTheNewSet() {
        TestFiles.write(dir, "base.yaml", TestFiles.BASE);
        TestFiles.write(dir, "agents.yaml", agent("a-1", "1001"));
        try (FileProvisioning p = new FileProvisioning(dir)) {
            ProvisioningSnapshot before = p.snapshot();
            assertThat(p.findAgent("1001", "sip.test")).isNotNull();
            List<ProvisioningSnapshot> heard = new CopyOnWriteArrayList<>();
            p.addListener(heard::add);

            TestFiles.write(dir, "agents.yaml", agent("a-2", "1002"));
            assertThat(p.reload()).isEmpty();

            assertThat(p.findAgent("1001", "sip.test")).isNull();
            assertThat(p.findAgent("1002", "sip.test").ref()).isEqualTo("a-2");
            assertThat(p.snapshot()).isNotSameAs(before);
            assertThat(heard).containsExactly(p.snapshot());
            // the old snapshot is untouched: a request holding it sees one consistent set
            assertThat(before.findAgent("1001", "sip.test")).isNotNull();
            assertThat(before.agents()).extracting(Resource::ref).containsExactly("a-1");
        }
    }

    @Test
    void invalidReloadKeepsTheOldSetAndReturnsTheErrors() {
        TestFiles.write(dir, "base.yaml", TestFiles.BASE);
        TestFiles.write(dir, "agents.yaml", agent("a-1", "1001"));
        try (FileProvisioning p = new FileProvisioning(dir)) {
            ProvisioningSnapshot before = p.snapshot();
            List<ProvisioningSnapshot> heard = new CopyOnWriteArrayList<>();
            p.addListener(heard::add);

            TestFiles.write(dir, "agents.yaml", agent("a-1", "1001") + agent("a-2", "1002").replace("dom-1", "dom-404"));
            TestFiles.write(dir, "broken.yaml", "x: [");
            List<ProvisioningError> errors = p.reload();

            assertThat(errors).hasSize(2);
            assertThat(errors.get(0).message())
                    .isEqualTo(dir.resolve("agents.yaml") + ": Agent 'a-2': spec.domainRef: no Domain with ref 'dom-404'");
            assertThat(errors.get(1).message()).startsWith(dir.resolve("broken.yaml") + ": not valid YAML at line 1, column 5: ");
            assertThat(p.snapshot()).isSameAs(before);
            assertThat(p.findAgent("1001", "sip.test")).isNotNull();
            assertThat(heard).isEmpty();
        }
    }

    @Test
    void logsOneLinePerErrorNamingFileAndField() {
        TestFiles.write(dir, "base.yaml", TestFiles.BASE);
        Logger logger = (Logger) LoggerFactory.getLogger(FileProvisioning.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (FileProvisioning p = new FileProvisioning(dir)) {
            TestFiles.write(dir, "agents.yaml", agent("a-1", "12") + agent("a-2", "1002").replace("dom-1", "dom-404"));
            assertThat(p.reload()).hasSize(2);
            assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                    .filteredOn(m -> m.startsWith("provisioning error: "))
                    .containsExactly(
                            "provisioning error: " + dir.resolve("agents.yaml") + ": Agent 'a-1': spec.username: must be at least 4 characters long",
                            "provisioning error: " + dir.resolve("agents.yaml") + ": Agent 'a-2': spec.domainRef: no Domain with ref 'dom-404'");
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void invalidAtStartThrowsWithEveryError() {
        TestFiles.write(dir, "a.yaml", agent("a-1", "1001"));
        TestFiles.write(dir, "b.yaml", agent("a-1", "1002"));
        assertThatThrownBy(() -> new FileProvisioning(dir)).isInstanceOfSatisfying(ProvisioningException.class,
                e -> assertThat(e.errors()).extracting(ProvisioningError::field)
                        .containsExactly("spec.domainRef", "ref", "spec.domainRef"));
    }

    @Test
    void failingListenerDoesNotStopOthers() {
        TestFiles.write(dir, "base.yaml", TestFiles.BASE);
        try (FileProvisioning p = new FileProvisioning(dir)) {
            List<ProvisioningSnapshot> heard = new CopyOnWriteArrayList<>();
            p.addListener(s -> {
                throw new IllegalStateException("boom");
            });
            p.addListener(heard::add);
            assertThat(p.reload()).isEmpty();
            assertThat(heard).hasSize(1);
        }
    }

    @Test
    void watcherReloadsAfterAChange() throws Exception {
        TestFiles.write(dir, "base.yaml", TestFiles.BASE);
        try (FileProvisioning p = new FileProvisioning(dir)) {
            List<ProvisioningSnapshot> heard = new CopyOnWriteArrayList<>();
            p.addListener(heard::add);
            p.startWatching(Duration.ofMillis(100));

            TestFiles.write(dir, "agents.yaml", agent("a-1", "1001"));
            await().atMost(Duration.ofSeconds(10)).until(() -> p.findAgent("1001", "sip.test") != null);

            // a bad edit is ignored, the good set stays
            TestFiles.write(dir, "agents.yaml", agent("a-1", "1001") + "- nonsense: [");
            Thread.sleep(600);
            assertThat(p.findAgent("1001", "sip.test")).isNotNull();

            // removing the file is a change too
            Files.delete(dir.resolve("agents.yaml"));
            await().atMost(Duration.ofSeconds(10)).until(() -> p.agents().isEmpty());
            // the listeners hear of a reload after its snapshot is in place: wait for them too
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() >= 2);
            assertThat(heard.get(heard.size() - 1).agents()).isEmpty();
        }
    }

    @Test
    void burstOfChangesGivesOneReload() throws Exception {
        TestFiles.write(dir, "base.yaml", TestFiles.BASE);
        try (FileProvisioning p = new FileProvisioning(dir)) {
            List<ProvisioningSnapshot> heard = new CopyOnWriteArrayList<>();
            p.addListener(heard::add);
            p.startWatching(Duration.ofSeconds(1)); // far longer than the burst, even on a loaded machine
            for (int i = 0; i < 5; i++) {
                TestFiles.write(dir, "agents.yaml", agent("a-1", "100" + i));
                Thread.sleep(20);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> p.findAgent("1004", "sip.test") != null);
            Thread.sleep(500);
            assertThat(heard).hasSize(1);
        }
    }
}
