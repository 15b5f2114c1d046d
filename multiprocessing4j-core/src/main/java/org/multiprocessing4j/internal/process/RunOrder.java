package org.multiprocessing4j.internal.process;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * What a child receives before it runs: the serialized process object (kept as bytes so that a failure to decode
 * it is reported as the user's error, not the protocol's), its daemon flag, who its parent is, and the codec.
 */
public record RunOrder(byte[] process, boolean daemon, String parentName, long parentPid, String codecClass)
        implements Serializable {

    private static final ObjectInputFilter ONLY_THIS = ObjectInputFilter.Config.createFilter(
            RunOrder.class.getName() + ";java.lang.String;java.lang.Boolean;java.lang.Long;java.lang.Number;[B;!*");

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(process.length + 256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static RunOrder decode(byte[] data) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            in.setObjectInputFilter(ONLY_THIS);
            return (RunOrder) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
    }
}
