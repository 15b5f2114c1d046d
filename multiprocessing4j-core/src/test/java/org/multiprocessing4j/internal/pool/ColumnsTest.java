package org.multiprocessing4j.internal.pool;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Chunks of numbers travel as primitive arrays, anything else as a list, and every value comes back as it was. */
class ColumnsTest {
    private static List<?> back(Object wire) {
        return Columns.asList(wire);
    }

    private static void assertSameValues(List<?> want, List<?> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            Object w = want.get(i), g = got.get(i);
            assertEquals(w, g, "item " + i);
            if (w != null) assertSame(w.getClass(), g.getClass(), "class of item " + i);
        }
    }

    @Test
    void uniformNumbersBecomeColumns() {
        assertArrayEquals(new int[] {1, -2, Integer.MAX_VALUE}, (int[]) Columns.wire(List.of(1, -2, Integer.MAX_VALUE)));
        assertArrayEquals(new long[] {1, Long.MIN_VALUE}, (long[]) Columns.wire(List.of(1L, Long.MIN_VALUE)));
        double[] d = (double[]) Columns.wire(List.of(-0.0, Double.NaN, 2.5));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(d[0]));
        assertTrue(Double.isNaN(d[1]));
        assertEquals(Columns.INTS, Columns.formOf(Columns.wire(List.of(7))));
        assertEquals(Columns.LONGS, Columns.formOf(new long[0]));
        assertEquals(Columns.DOUBLES, Columns.formOf(new double[1]));
    }

    @Test
    void anythingElseTravelsAsAList() {
        List<List<?>> inputs = List.of(Arrays.asList(1, 2L), Arrays.asList(1, null), Arrays.asList(null, 1),
                Arrays.asList(1.0, 1), Arrays.asList(1, "x"), List.of("a", "b"), List.of(), Arrays.asList((Object) null));
        for (List<?> in : inputs) {
            Object wire = Columns.wire(in);
            assertInstanceOf(ArrayList.class, wire, in::toString);
            assertEquals(Columns.PLAIN, Columns.formOf(wire));
            assertSameValues(in, back(wire));
        }
        List<Integer> big = new ArrayList<>(List.of(1, 2, 3, 4));
        assertInstanceOf(int[].class, Columns.wire(big.subList(1, 3)), "a view of the caller's list is read, not sent");
        List<Object> mixed = new ArrayList<>(List.of(1, "x", 3));
        assertInstanceOf(ArrayList.class, Columns.wire(mixed.subList(0, 2)), "a view becomes a serializable list");
        assertSame(mixed, Columns.wire(mixed), "an ArrayList is sent as it is");
    }

    @Test
    void theCollectorSpillsToBoxesAtTheFirstValueThatDoesNotFit() {
        List<List<?>> inputs = List.of(List.of(1, 2, 3), List.of(1L, 2L), List.of(0.5, 1.5),
                Arrays.asList(1, 2, 3L, 4), Arrays.asList(1L, 2L, null), Arrays.asList(1.0, 2.0f),
                Arrays.asList("a", 1), Arrays.asList(null, 1, 2), List.of());
        for (List<?> in : inputs) {
            Columns.Collector c = new Columns.Collector(in.size(), true);
            for (Object v : in) c.add(v);
            Object wire = c.result();
            boolean uniform = Columns.column(in) != null;
            assertEquals(uniform, !(wire instanceof ArrayList), in::toString);
            assertSameValues(in, back(wire));
            Columns.Collector local = new Columns.Collector(in.size(), false);
            for (Object v : in) local.add(v);
            assertInstanceOf(ArrayList.class, local.result(), "results that stay in this JVM stay a list");
            assertSameValues(in, (List<?>) local.result());
        }
        Columns.Collector growing = new Columns.Collector(2, true); // a capacity is only a hint
        for (long i = 0; i < 100; i++) growing.add(i);
        assertEquals(100, growing.size());
        assertArrayEquals(java.util.stream.LongStream.range(0, 100).toArray(), (long[]) growing.result());
        List<?> view = growing.list();
        assertSame(((Columns.Longs) view).a, Columns.column(view), "a column is not copied again");
        Columns.Collector none = new Columns.Collector(0, true);
        assertTrue(none.list().isEmpty());
        none.add(5);
        assertArrayEquals(new int[] {5}, (int[]) none.result());
        Columns.Collector partial = new Columns.Collector(5, true); // a chunk cut short still says what it holds
        partial.add(1);
        partial.add(2);
        assertArrayEquals(new int[] {1, 2}, (int[]) partial.result());
    }
}
