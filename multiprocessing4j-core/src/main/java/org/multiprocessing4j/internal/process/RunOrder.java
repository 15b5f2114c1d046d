package org.multiprocessing4j.internal.process;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What a child receives before it runs: the serialized process object (kept as bytes so that a failure to decode
 * it is reported as the user's error, not the protocol's), its daemon flag, who its parent is, and the codec.
 * A plain binary format: object serialization of the order itself would cost a cold child tens of milliseconds.
 */
public record RunOrder(byte[] process, boolean daemon, String parentName, long parentPid, String codecClass) {
    private static final int MAGIC = 0x6d70346a; // "mp4j"

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(process.length + 128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(process.length);
            out.write(process);
            out.writeBoolean(daemon);
            out.writeUTF(parentName);
            out.writeLong(parentPid);
            out.writeUTF(codecClass);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static RunOrder decode(byte[] data) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC) throw new IOException("not a run order: the parent speaks another protocol version");
            int n = in.readInt();
            if (n < 0 || n > data.length) throw new IOException("malformed run order");
            byte[] process = in.readNBytes(n);
            return new RunOrder(process, in.readBoolean(), in.readUTF(), in.readLong(), in.readUTF());
        }
    }
}
