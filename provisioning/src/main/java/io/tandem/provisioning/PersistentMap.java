package io.tandem.provisioning;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * An immutable hash map whose {@link #with} and {@link #without} return a new map sharing all but the changed path
 * with this one (a hash array mapped trie: 32-way nodes indexed by 5 bits of the key's hash at a time, a bitmap saying
 * which slots are present). A change costs O(log32 n) copies of small arrays, not a copy of the map, so a snapshot of
 * the resources can take one change without rebuilding its indexes; {@link #get} allocates nothing.
 */
public final class PersistentMap<K, V> {
    /** A key and its value; {@code hash} is the spread hash of the key. */
    private record Leaf(Object key, Object value, int hash) {
    }

    /** Keys whose spread hashes are all equal (to {@code hash}): a plain list. */
    private record Collision(int hash, Leaf[] leaves) {
    }

    /** A trie node: {@code slots[i]} is a Leaf, a Collision or a Node, one per bit set in {@code bitmap}, in bit order. */
    private record Node(int bitmap, Object[] slots) {
    }

    private static final Node EMPTY_NODE = new Node(0, new Object[0]);
    private static final PersistentMap<?, ?> EMPTY = new PersistentMap<>(EMPTY_NODE, 0);
    private static final int BITS = 5;

    private final Node root;
    private final int size;

    private PersistentMap(Node root, int size) {
        this.root = root;
        this.size = size;
    }

    /** The empty map. */
    @SuppressWarnings("unchecked")
    public static <K, V> PersistentMap<K, V> empty() {
        return (PersistentMap<K, V>) EMPTY;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    private static int spread(Object key) {
        int h = key.hashCode() * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** The value of {@code key}; null when absent (or when {@code key} is null). */
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        if (key == null) {
            return null;
        }
        int hash = spread(key);
        Node n = root;
        for (int shift = 0; ; shift += BITS) {
            int bit = 1 << ((hash >>> shift) & 31);
            if ((n.bitmap & bit) == 0) {
                return null;
            }
            Object o = n.slots[Integer.bitCount(n.bitmap & (bit - 1))];
            if (o instanceof Node child) {
                n = child;
            } else if (o instanceof Leaf l) {
                return l.hash == hash && l.key.equals(key) ? (V) l.value : null;
            } else {
                Collision c = (Collision) o;
                for (Leaf l : c.leaves) {
                    if (l.key.equals(key)) {
                        return (V) l.value;
                    }
                }
                return null;
            }
        }
    }

    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    /** This map with {@code key} mapped to {@code value} (neither null). */
    public PersistentMap<K, V> with(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Leaf leaf = new Leaf(key, value, spread(key));
        boolean[] added = new boolean[1];
        Node r = put(root, leaf, 0, added);
        return r == root ? this : new PersistentMap<>(r, size + (added[0] ? 1 : 0));
    }

    /** This map without {@code key}; this map itself when it has no {@code key}. */
    public PersistentMap<K, V> without(Object key) {
        if (key == null || size == 0) {
            return this;
        }
        Node r = remove(root, key, spread(key), 0);
        return r == root ? this : new PersistentMap<>(r, size - 1);
    }

    /** Calls {@code action} for every entry, in no particular order. */
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super K, ? super V> action) {
        walk(root, (BiConsumer<Object, Object>) action);
    }

    private static void walk(Node n, BiConsumer<Object, Object> action) {
        for (Object o : n.slots) {
            switch (o) {
                case Node child -> walk(child, action);
                case Leaf l -> action.accept(l.key, l.value);
                case Collision c -> {
                    for (Leaf l : c.leaves) {
                        action.accept(l.key, l.value);
                    }
                }
                default -> throw new IllegalStateException(String.valueOf(o));
            }
        }
    }

    private static Node put(Node n, Leaf leaf, int shift, boolean[] added) {
        int bit = 1 << ((leaf.hash >>> shift) & 31);
        int i = Integer.bitCount(n.bitmap & (bit - 1));
        if ((n.bitmap & bit) == 0) {
            added[0] = true;
            Object[] s = new Object[n.slots.length + 1];
            System.arraycopy(n.slots, 0, s, 0, i);
            s[i] = leaf;
            System.arraycopy(n.slots, i, s, i + 1, n.slots.length - i);
            return new Node(n.bitmap | bit, s);
        }
        Object o = n.slots[i];
        Object replaced;
        if (o instanceof Node child) {
            Node c = put(child, leaf, shift + BITS, added);
            if (c == child) {
                return n;
            }
            replaced = c;
        } else if (o instanceof Leaf l && l.key.equals(leaf.key)) {
            if (l.value == leaf.value) {
                return n;
            }
            replaced = leaf;
        } else {
            added[0] = !(o instanceof Collision c && c.hash == leaf.hash && indexIn(c, leaf.key) >= 0);
            replaced = merge(o, leaf, shift + BITS);
        }
        Object[] s = n.slots.clone();
        s[i] = replaced;
        return new Node(n.bitmap, s);
    }

    /** {@code existing} (a Leaf of another key, or a Collision) and {@code leaf} in one slot at {@code shift}. */
    private static Object merge(Object existing, Leaf leaf, int shift) {
        int h = existing instanceof Leaf l ? l.hash : ((Collision) existing).hash;
        if (h == leaf.hash) {
            Leaf[] old = existing instanceof Leaf l ? new Leaf[] {l} : ((Collision) existing).leaves;
            int at = indexIn(new Collision(h, old), leaf.key);
            Leaf[] leaves = at >= 0 ? old.clone() : Arrays.copyOf(old, old.length + 1);
            leaves[at >= 0 ? at : old.length] = leaf;
            return new Collision(h, leaves);
        }
        int a = (h >>> shift) & 31;
        int b = (leaf.hash >>> shift) & 31;
        if (a == b) {
            return new Node(1 << a, new Object[] {merge(existing, leaf, shift + BITS)});
        }
        return a < b ? new Node((1 << a) | (1 << b), new Object[] {existing, leaf})
            : new Node((1 << a) | (1 << b), new Object[] {leaf, existing});
    }

    private static int indexIn(Collision c, Object key) {
        for (int i = 0; i < c.leaves.length; i++) {
            if (c.leaves[i].key.equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code n} without {@code key}: {@code n} itself when absent. */
    private static Node remove(Node n, Object key, int hash, int shift) {
        int bit = 1 << ((hash >>> shift) & 31);
        if ((n.bitmap & bit) == 0) {
            return n;
        }
        int i = Integer.bitCount(n.bitmap & (bit - 1));
        Object o = n.slots[i];
        Object replaced;
        switch (o) {
            case Node child -> {
                Node c = remove(child, key, hash, shift + BITS);
                if (c == child) {
                    return n;
                }
                // a child left with one leaf or collision moves up, so the trie stays as shallow as its keys need
                replaced = c.slots.length == 0 ? null : c.slots.length == 1 && !(c.slots[0] instanceof Node) ? c.slots[0] : c;
            }
            case Leaf l -> {
                if (l.hash != hash || !l.key.equals(key)) {
                    return n;
                }
                replaced = null;
            }
            case Collision c -> {
                int at = c.hash == hash ? indexIn(c, key) : -1;
                if (at < 0) {
                    return n;
                }
                Leaf[] leaves = new Leaf[c.leaves.length - 1];
                System.arraycopy(c.leaves, 0, leaves, 0, at);
                System.arraycopy(c.leaves, at + 1, leaves, at, leaves.length - at);
                replaced = leaves.length == 1 ? leaves[0] : new Collision(c.hash, leaves);
            }
            default -> throw new IllegalStateException(String.valueOf(o));
        }
        if (replaced != null) {
            Object[] s = n.slots.clone();
            s[i] = replaced;
            return new Node(n.bitmap, s);
        }
        if (n.slots.length == 1) {
            return EMPTY_NODE;
        }
        Object[] s = new Object[n.slots.length - 1];
        System.arraycopy(n.slots, 0, s, 0, i);
        System.arraycopy(n.slots, i + 1, s, i, s.length - i);
        return new Node(n.bitmap & ~bit, s);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        forEach((k, v) -> sb.append(sb.length() == 1 ? "" : ", ").append(k).append('=').append(v));
        return sb.append('}').toString();
    }
}
