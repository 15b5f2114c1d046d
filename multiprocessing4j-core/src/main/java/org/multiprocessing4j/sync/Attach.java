package org.multiprocessing4j.sync;

import java.io.IOException;
import java.io.InvalidObjectException;

import org.multiprocessing4j.internal.shm.Segment;

/** Re-attaching a deserialized primitive to its shared words. */
final class Attach {
    private Attach() {}

    static Segment segment(String name, String what) throws InvalidObjectException {
        try {
            return Segment.attachManaged(name);
        } catch (IOException | RuntimeException e) {
            InvalidObjectException ioe = new InvalidObjectException("cannot attach " + what + " to shared memory "
                    + name + " (its creating process may have discarded it or exited): " + e.getMessage());
            ioe.initCause(e);
            throw ioe;
        }
    }
}
