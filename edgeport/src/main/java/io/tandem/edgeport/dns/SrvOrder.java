package io.tandem.edgeport.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Name;
import org.xbill.DNS.SRVRecord;

/** Orders SRV records for failover as RFC 2782 ("Usage rules") and RFC 3263 §4.3 describe. */
final class SrvOrder {
    private SrvOrder() {
    }

    /**
     * Lowest priority first; within one priority, a weighted random permutation: repeatedly pick
     * a number in [0, sum of weights] and take the first record whose running sum reaches it,
     * zero-weight records being placed first so they keep a small chance. A target of "." (service
     * decidedly not available) is dropped.
     */
    static List<SRVRecord> order(List<SRVRecord> records, RandomGenerator random) {
        Map<Integer, List<SRVRecord>> byPriority = new TreeMap<>();
        for (SRVRecord r : records) {
            if (!r.getTarget().equals(Name.root)) {
                byPriority.computeIfAbsent(r.getPriority(), p -> new ArrayList<>()).add(r);
            }
        }
        List<SRVRecord> out = new ArrayList<>(records.size());
        for (List<SRVRecord> group : byPriority.values()) {
            List<SRVRecord> left = new ArrayList<>(group.size());
            group.stream().filter(r -> r.getWeight() == 0).forEach(left::add);
            group.stream().filter(r -> r.getWeight() != 0).forEach(left::add);
            while (!left.isEmpty()) {
                int sum = left.stream().mapToInt(SRVRecord::getWeight).sum();
                int pick = random.nextInt(sum + 1);
                int running = 0;
                for (int i = 0; i < left.size(); i++) {
                    running += left.get(i).getWeight();
                    if (running >= pick) {
                        out.add(left.remove(i));
                        break;
                    }
                }
            }
        }
        return out;
    }
}
