package io.computenet.placement;

import io.computenet.placement.slices.DeviceState;
import io.computenet.placement.slices.SliceArithmetic;
import io.computenet.placement.slices.SliceRequest;

import java.util.function.Predicate;

/**
 * The search structure behind {@link CapacityIndex}: items (devices, or nodes) kept in the planner's tie-break order,
 * node id then device key, that answer "the first item in that order that can serve this" in about
 * {@code log n} steps instead of a scan.
 *
 * <p>Each item carries what it can serve as a bit set ({@code flags}: a slice profile that still fits, the whole
 * device, a share) and two capacities ({@code room}, {@code compute}: memory and compute a share may still take, or
 * a node's free devices). A treap (a binary search tree balanced by random priorities) keeps the items in order, and
 * every subtree knows the union of its items' flags and the most room and compute of any of its items. A search
 * walks left first and skips every subtree whose summary rules it out, so it finds the first match without visiting
 * items that cannot match; for a single flag the summary is exact and the search touches one path.
 *
 * <p>Room and compute are only necessary conditions: the search confirms a share on the device itself with
 * {@link SliceArithmetic#fits} before answering. Not thread-safe.
 */
final class FirstFitTree {

    /** A member: its order (node id, then device key) and what it can serve. */
    static class Item {
        final String nodeId;
        final String key;
        final int priority;
        Item left;
        Item right;
        FirstFitTree tree;
        long flags;
        long room;
        int compute;
        DeviceState state;
        long anyFlags;
        long maxRoom;
        int maxCompute;

        Item(String nodeId, String key) {
            this.nodeId = nodeId;
            this.key = key;
            this.priority = mix(nodeId.hashCode() * 31 + key.hashCode());
        }

        int compareTo(Item o) {
            int byNode = nodeId.compareTo(o.nodeId);
            return byNode != 0 ? byNode : key.compareTo(o.key);
        }

        /** The tree that holds this item, or null. */
        FirstFitTree tree() {
            return tree;
        }
    }

    private Item root;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return root == null;
    }

    /** The union of the members' flags. */
    long flags() {
        return root == null ? 0 : root.anyFlags;
    }

    void insert(Item item) {
        if (item.tree != null) {
            throw new IllegalStateException(item.nodeId + "/" + item.key + " is already in a tree");
        }
        item.left = null;
        item.right = null;
        item.tree = this;
        root = insert(root, item);
        size++;
    }

    void remove(Item item) {
        if (item.tree != this) {
            throw new IllegalStateException(item.nodeId + "/" + item.key + " is not in this tree");
        }
        root = remove(root, item);
        item.tree = null;
        item.left = null;
        item.right = null;
        size--;
    }

    /** The item's flags, room or compute changed: brings the summaries on its path up to date. */
    void refresh(Item item) {
        if (item.tree != this) {
            throw new IllegalStateException(item.nodeId + "/" + item.key + " is not in this tree");
        }
        refresh(root, item);
    }

    /**
     * The first item in order with flag {@code flag}, at least {@code minRoom} room and {@code minCompute} compute,
     * on whose state {@code mustFit} fits when it is given; null when there is none.
     */
    Item first(long flag, long minRoom, int minCompute, SliceRequest mustFit) {
        return first(root, flag, minRoom, minCompute, mustFit, null);
    }

    /**
     * {@link #first(long, long, int, SliceRequest)} among the items {@code keep} accepts (all when null). The
     * summaries know nothing of {@code keep}, so the search also walks past the matching items it rejects: one step
     * for each of them before the answer.
     */
    Item first(long flag, long minRoom, int minCompute, SliceRequest mustFit, Predicate<Item> keep) {
        return first(root, flag, minRoom, minCompute, mustFit, keep);
    }

    private static Item first(Item t, long flag, long minRoom, int minCompute, SliceRequest mustFit,
                              Predicate<Item> keep) {
        while (t != null && (t.anyFlags & flag) != 0 && t.maxRoom >= minRoom && t.maxCompute >= minCompute) {
            Item found = first(t.left, flag, minRoom, minCompute, mustFit, keep);
            if (found != null) {
                return found;
            }
            if ((t.flags & flag) != 0 && t.room >= minRoom && t.compute >= minCompute
                    && (mustFit == null || SliceArithmetic.fits(t.state, mustFit))
                    && (keep == null || keep.test(t))) {
                return t;
            }
            t = t.right;
        }
        return null;
    }

    private static Item insert(Item t, Item item) {
        if (t == null) {
            pull(item);
            return item;
        }
        if (item.priority > t.priority) {
            split(t, item);
            pull(item);
            return item;
        }
        if (item.compareTo(t) < 0) {
            t.left = insert(t.left, item);
        } else {
            t.right = insert(t.right, item);
        }
        pull(t);
        return t;
    }

    /** Splits {@code t} around {@code pivot}'s order into {@code pivot.left} (before) and {@code pivot.right}. */
    private static void split(Item t, Item pivot) {
        if (t == null) {
            pivot.left = null;
            pivot.right = null;
            return;
        }
        if (t.compareTo(pivot) < 0) {
            split(t.right, pivot);
            t.right = pivot.left;
            pull(t);
            pivot.left = t;
        } else {
            split(t.left, pivot);
            t.left = pivot.right;
            pull(t);
            pivot.right = t;
        }
    }

    private static Item remove(Item t, Item item) {
        if (t == null) {
            throw new IllegalStateException(item.nodeId + "/" + item.key + " was not found in its tree");
        }
        if (t == item) {
            return merge(t.left, t.right);
        }
        if (item.compareTo(t) < 0) {
            t.left = remove(t.left, item);
        } else {
            t.right = remove(t.right, item);
        }
        pull(t);
        return t;
    }

    private static Item merge(Item a, Item b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.priority > b.priority) {
            a.right = merge(a.right, b);
            pull(a);
            return a;
        }
        b.left = merge(a, b.left);
        pull(b);
        return b;
    }

    private static void refresh(Item t, Item item) {
        if (t == null) {
            throw new IllegalStateException(item.nodeId + "/" + item.key + " was not found in its tree");
        }
        if (t != item) {
            refresh(item.compareTo(t) < 0 ? t.left : t.right, item);
        }
        pull(t);
    }

    private static void pull(Item t) {
        long flags = t.flags;
        long room = t.room;
        int compute = t.compute;
        Item l = t.left;
        if (l != null) {
            flags |= l.anyFlags;
            room = Math.max(room, l.maxRoom);
            compute = Math.max(compute, l.maxCompute);
        }
        Item r = t.right;
        if (r != null) {
            flags |= r.anyFlags;
            room = Math.max(room, r.maxRoom);
            compute = Math.max(compute, r.maxCompute);
        }
        t.anyFlags = flags;
        t.maxRoom = room;
        t.maxCompute = compute;
    }

    /** Priorities from the order key: deterministic, and independent of the order for a balanced tree. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
