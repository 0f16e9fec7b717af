package io.tandem.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of the benchmark JVM per operation ({@code cpu.time.norm}, ns/op): the process CPU
 * time an iteration used (benchmark thread, GC and JIT threads alike) divided by the operations it
 * measured. Unlike the wall-clock score it does not grow when other jobs on a shared machine take
 * the CPU away from the benchmark, which makes it the steadier basis for comparing two parsers
 * there; on an idle machine the two agree closely (plus the GC work done on other threads).
 *
 * <p>Use: {@code -prof io.tandem.bench.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long start;

    @Override
    public String getDescription() {
        return "process CPU time per operation (robust to other load on the machine)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        start = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long used = os.getProcessCpuTime() - start;
        long ops = result.getMetadata().getMeasuredOps();
        if (start < 0 || used < 0 || ops <= 0) {
            return List.of();
        }
        return List.of(new ScalarResult("cpu.time.norm", (double) used / ops, "ns/op", AggregationPolicy.AVG));
    }
}
