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

    /** The form a list of values can travel in. */
    static byte formOf(List<?> values) {
        int n = values.size();
        if (n == 0) return PLAIN;
        Class<?> c = values.get(0) == null ? null : values.get(0).getClass();
        if (c != Integer.class && c != Long.class && c != Double.class) return PLAIN;
        for (int i = 1; i < n; i++) {
            Object v = values.get(i);
            if (v == null || v.getClass() != c) return PLAIN;
        }
        return c == Integer.class ? INTS : c == Long.class ? LONGS : DOUBLES;
    }

    /**
     * The primitive array for {@code values} of form {@code form}; other values as an {@code ArrayList} (a chunk of
     * a map is a view of the caller's list, which need not be serializable).
     */
    static Object toArray(List<?> values, byte form) {
        int n = values.size();
        switch (form) {
            case INTS -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) a[i] = (Integer) values.get(i);
                return a;
            }
            case LONGS -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) a[i] = (Long) values.get(i);
                return a;
            }
            case DOUBLES -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) a[i] = (Double) values.get(i);
                return a;
            }
            default -> {
                // a chunk is often a view (subList) that serialization refuses: send a plain list of the items
                return values instanceof java.util.ArrayList ? values : new java.util.ArrayList<>(values);
            }
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
