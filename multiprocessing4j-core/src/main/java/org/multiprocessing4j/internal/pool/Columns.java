package org.multiprocessing4j.internal.pool;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Chunks of boxed numbers travel as primitive arrays (4 or 8 bytes an item, no per-item tag, no object graph) and
 * are seen as lists again on the other side: most maps are over numbers.
 */
final class Columns {
    static final byte PLAIN = 0, INTS = 2, LONGS = 4, DOUBLES = 8;

    private Columns() {}

    /**
     * The values as a primitive array if they are all {@code Integer}s, all {@code Long}s or all {@code Double}s
     * (no null), else null: one look at each value, stopping at the first that does not fit.
     */
    static Object column(List<?> values) {
        if (values instanceof Ints l) return l.a; // collected as a column already (a lazy map's chunk)
        if (values instanceof Longs l) return l.a;
        if (values instanceof Doubles l) return l.a;
        int n = values.size();
        if (n == 0) return null;
        Object first = values.get(0);
        if (first instanceof Integer) {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) {
                if (!(values.get(i) instanceof Integer x)) return null;
                a[i] = x;
            }
            return a;
        }
        if (first instanceof Long) {
            long[] a = new long[n];
            for (int i = 0; i < n; i++) {
                if (!(values.get(i) instanceof Long x)) return null;
                a[i] = x;
            }
            return a;
        }
        if (first instanceof Double) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                if (!(values.get(i) instanceof Double x)) return null;
                a[i] = x;
            }
            return a;
        }
        return null;
    }

    /** The form flag of what {@link #column} returned. */
    static byte formOf(Object column) {
        return column instanceof int[] ? INTS : column instanceof long[] ? LONGS : column instanceof double[] ? DOUBLES : PLAIN;
    }

    /**
     * The values as they travel: a primitive array, or an {@code ArrayList} (a chunk of a map is a view of the
     * caller's list, which need not be serializable).
     */
    static Object wire(List<?> values) {
        Object column = column(values);
        return column != null ? column : plain(values);
    }

    /** The values as a serializable list: the list itself if it is an {@code ArrayList}, else a copy. */
    static List<?> plain(List<?> values) {
        return values instanceof java.util.ArrayList ? values : new java.util.ArrayList<>(values);
    }

    /**
     * Collects a chunk's results in their wire form as they come: in a primitive array while every one so far is an
     * {@code Integer} (or every one a {@code Long}, or a {@code Double}), boxed in an {@code ArrayList} from the
     * first that is not — so a worker never builds a list of boxes only to read it back into an array.
     */
    static final class Collector {
        private int capacity;
        private int[] ints;
        private long[] longs;
        private double[] doubles;
        private java.util.ArrayList<Object> objects;
        private int size;

        /** {@code columns} false: always an {@code ArrayList} (results that stay in this JVM). */
        Collector(int capacity, boolean columns) {
            this.capacity = capacity;
            if (!columns) objects = new java.util.ArrayList<>(capacity);
        }

        void add(Object v) {
            if (objects == null) {
                if (size == capacity) grow();
                if (size == 0) {
                    if (v instanceof Integer) ints = new int[capacity];
                    else if (v instanceof Long) longs = new long[capacity];
                    else if (v instanceof Double) doubles = new double[capacity];
                }
                if (ints != null && v instanceof Integer x) {
                    ints[size++] = x;
                    return;
                }
                if (longs != null && v instanceof Long x) {
                    longs[size++] = x;
                    return;
                }
                if (doubles != null && v instanceof Double x) {
                    doubles[size++] = x;
                    return;
                }
                spill();
            }
            objects.add(v);
        }

        /** A capacity is a hint (a lazy map's source may be shorter or longer than a chunk): it doubles when full. */
        private void grow() {
            capacity = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(16L, 2L * capacity));
            if (ints != null) ints = java.util.Arrays.copyOf(ints, capacity);
            if (longs != null) longs = java.util.Arrays.copyOf(longs, capacity);
            if (doubles != null) doubles = java.util.Arrays.copyOf(doubles, capacity);
        }

        /** The items added, as a list (a view of the column, or the list of boxes); the last call on a collector. */
        List<?> list() {
            Object r = result();
            return r instanceof List<?> l ? l : asList(r);
        }

        int size() {
            return objects != null ? objects.size() : size;
        }

        private void spill() {
            objects = new java.util.ArrayList<>(capacity);
            // one loop per type: a conditional over int, long and double would promote all of them to double
            if (ints != null) for (int i = 0; i < size; i++) objects.add(ints[i]);
            else if (longs != null) for (int i = 0; i < size; i++) objects.add(longs[i]);
            else if (doubles != null) for (int i = 0; i < size; i++) objects.add(doubles[i]);
            ints = null;
            longs = null;
            doubles = null;
        }

        /** A primitive array (of exactly the items added) or an {@code ArrayList}; the last call on a collector. */
        Object result() {
            if (objects != null) return objects;
            if (ints != null) return size == ints.length ? ints : java.util.Arrays.copyOf(ints, size);
            if (longs != null) return size == longs.length ? longs : java.util.Arrays.copyOf(longs, size);
            if (doubles != null) return size == doubles.length ? doubles : java.util.Arrays.copyOf(doubles, size);
            return new java.util.ArrayList<>(0); // nothing added
        }
    }

    /** A list view of a decoded primitive array (or the decoded list itself). */
    static List<?> asList(Object decoded) {
        if (decoded instanceof int[] a) return new Ints(a);
        if (decoded instanceof long[] a) return new Longs(a);
        if (decoded instanceof double[] a) return new Doubles(a);
        return (List<?>) decoded;
    }

    /** Copies (boxing) into {@code dst} at {@code at}. */
    static void copyInto(List<?> src, Object[] dst, int at) {
        if (src instanceof Longs l) {
            long[] a = l.a;
            for (int i = 0; i < a.length; i++) dst[at + i] = a[i];
        } else if (src instanceof Ints l) {
            int[] a = l.a;
            for (int i = 0; i < a.length; i++) dst[at + i] = a[i];
        } else {
            Object[] a = src.toArray();
            System.arraycopy(a, 0, dst, at, a.length);
        }
    }

    static final class Ints extends AbstractList<Integer> implements RandomAccess {
        final int[] a;

        Ints(int[] a) {
            this.a = a;
        }

        @Override
        public Integer get(int i) {
            return a[i];
        }

        @Override
        public int size() {
            return a.length;
        }
    }

    static final class Longs extends AbstractList<Long> implements RandomAccess {
        final long[] a;

        Longs(long[] a) {
            this.a = a;
        }

        @Override
        public Long get(int i) {
            return a[i];
        }

        @Override
        public int size() {
            return a.length;
        }
    }

    static final class Doubles extends AbstractList<Double> implements RandomAccess {
        final double[] a;

        Doubles(double[] a) {
            this.a = a;
        }

        @Override
        public Double get(int i) {
            return a[i];
        }

        @Override
        public int size() {
            return a.length;
        }
    }
}
