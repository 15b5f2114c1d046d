package org.multiprocessing4j.internal.pool;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** How a failing task's input is named in its error. */
class ErrorsTest {
    @Test
    void arraysShowTheirContentsWhenShortAndTheirLengthWhenLong() {
        assertEquals("byte[3] [1, 2, 3]", Errors.shortString(new byte[] {1, 2, 3}));
        assertEquals("String[2] [a, b]", Errors.shortString(new String[] {"a", "b"}));
        assertEquals("int[1][] [[7]]", Errors.shortString(new int[][] {{7}}));
        assertEquals("byte[2097152]", Errors.shortString(new byte[2 << 20]), "not megabytes of digits");
        assertEquals("Object[100]", Errors.shortString(new Object[100]));
    }

    @Test
    void otherValuesAsToStringCutAt200Characters() {
        assertEquals("42", Errors.shortString(42));
        assertEquals("null", Errors.shortString(null));
        assertEquals("x".repeat(200) + "...", Errors.shortString("x".repeat(1000)));
        Object bad = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no");
            }
        };
        assertTrue(Errors.shortString(bad).contains("toString failed"), Errors.shortString(bad));
    }
}
