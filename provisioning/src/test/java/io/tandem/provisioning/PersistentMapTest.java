package io.tandem.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The persistent map against a HashMap doing the same, with keys whose hashes collide in part or wholly. */
class PersistentMapTest {
    /** A key whose hash is chosen: equal hashes for different names exercise the collision lists. */
    private record Key(String name, int hash) {
        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.name.equals(name);
        }
    }

    @Test
    void randomChangesMatchAHashMapAndLeaveOlderVersionsAsTheyWere() {
        Random random = new Random(20);
        PersistentMap<Key, Integer> map = PersistentMap.empty();
        Map<Key, Integer> model = new HashMap<>();
        PersistentMap<Key, Integer> old = map;
        Map<Key, Integer> oldModel = new HashMap<>();
        for (int step = 0; step < 50_000; step++) {
            int n = random.nextInt(3_000);
            Key k = new Key("k" + n, n % 4 == 0 ? n % 37 : n * 31 + n); // a quarter collide a lot
            if (random.nextInt(3) == 0) {
                map = map.without(k);
                model.remove(k);
            } else {
                int v = random.nextInt();
                map = map.with(k, v);
                model.put(k, v);
            }
            assertThat(map.get(k)).isEqualTo(model.get(k));
            assertThat(map.size()).isEqualTo(model.size());
            if (step % 5_000 == 0) {
                Map<Key, Integer> seen = new HashMap<>();
                map.forEach(seen::put);
                assertThat(seen).isEqualTo(model);
                Map<Key, Integer> oldSeen = new HashMap<>();
                old.forEach(oldSeen::put);
                assertThat(oldSeen).isEqualTo(oldModel);
                old = map;
                oldModel = new HashMap<>(model);
            }
        }
        for (Key k : model.keySet()) {
            map = map.without(k);
        }
        assertThat(map.isEmpty()).isTrue();
        assertThat(map.get(new Key("k1", 1))).isNull();
    }

    @Test
    void anUnchangedMapIsTheSameMap() {
        PersistentMap<String, String> m = PersistentMap.<String, String>empty().with("a", "1");
        assertThat(m.without("b")).isSameAs(m);
        assertThat(m.with("a", "1")).isSameAs(m);
        assertThat(m.get(null)).isNull();
        assertThat(m.toString()).isEqualTo("{a=1}");
    }
}
