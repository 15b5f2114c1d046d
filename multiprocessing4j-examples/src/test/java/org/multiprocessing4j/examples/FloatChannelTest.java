package org.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FloatChannelTest {
    @Test
    @Timeout(120)
    void fiftyMessagesArriveIntactThroughSharedMemory() throws Exception {
        int messages = 50, size = 100_000;
        long expected = 0;
        for (int m = 0; m < messages; m++) expected += size - (m % 7);
        assertEquals(expected, FloatChannel.run(messages, size, Duration.ofSeconds(90)));
    }
}
