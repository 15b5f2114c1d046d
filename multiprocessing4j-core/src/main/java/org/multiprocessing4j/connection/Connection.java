package org.multiprocessing4j.connection;

import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.multiprocessing4j.codec.Codec;
import org.multiprocessing4j.internal.codec.Bytes;
import org.multiprocessing4j.internal.connection.ConnectionFactory;
import org.multiprocessing4j.internal.connection.ResourceSharer;
import org.multiprocessing4j.internal.connection.Transport;

/**
 * One end of a message channel to another process — Python's {@code multiprocessing.connection.Connection}.
 *
 * <p>Messages keep their boundaries: each {@link #send} or {@link #sendBytes} arrives as exactly one
 * {@link #recv} or {@link #recvBytes}, empty byte messages included. Objects travel through the context's
 * {@link Codec}; bytes travel as they are.
 *
 * <p><b>Threads.</b> A connection is safe for concurrent use: sends are atomic per message and so are receives, so
 * two threads sending at once never interleave their messages. {@link #close()} may be called from any thread; a
 * thread blocked in a receive then fails with {@link java.nio.channels.AsynchronousCloseException}.
 *
 * <p><b>The other process.</b> When the peer closes its end or dies, buffered messages can still be received, and
 * then every receive throws {@link EOFException}. A send to a closed or dead peer throws
 * {@link java.net.SocketException}. A send blocks while the peer's buffer is full, for as long as the peer is alive.
 *
 * <p><b>Limits.</b> A message may not exceed {@link #maxMessageSize()} bytes. A sender is told before anything is
 * sent; a receiver that meets a malformed or oversized frame throws an {@link IOException} that says so and closes
 * the connection, since the stream can no longer be trusted. Memory for a large message grows with the bytes that
 * actually arrive, so a lying length cannot exhaust the heap.
 *
 * <p><b>Interruption.</b> A thread interrupted while waiting for a message gets
 * {@link java.io.InterruptedIOException}; no message is consumed and the connection stays usable. A message that
 * has begun to arrive is read to its end first.
 *
 * <p><b>Passing to a child.</b> A connection is {@link Serializable}: sent to another process of this program (as a
 * {@code JvmProcess} target's argument, or inside a message), the receiver gets its own end of the same channel.
 * Close the sender's copy afterwards, as in Python.
 *
 * <p>Memory consistency effects: actions in a thread prior to sending a message happen-before actions in the
 * receiving process subsequent to receiving it.
 */
public final class Connection implements AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final int HEADER = 4;
    private static final int BUFFER = 64 * 1024;
    /** Up to this size a frame's array is allocated at once; larger ones grow as bytes arrive. */
    private static final int TRUSTED_ALLOCATION = 64 << 20;

    private final transient Transport transport;
    private final transient Codec codec;
    private final transient int maxMessageSize;
    /** Whether this end receives. */
    private final boolean readable;
    /** Whether this end sends. */
    private final boolean writable;
    private final transient ReentrantLock readLock = new ReentrantLock();
    private final transient ReentrantLock writeLock = new ReentrantLock();
    private final transient byte[] in = new byte[BUFFER];
    private transient int inPos;
    private transient int inLimit;
    private final transient byte[] out = new byte[BUFFER];
    private transient volatile boolean closed;

    static {
        ConnectionFactory.register(new Maker());
    }

    /** The library's internal packages make connections through {@link ConnectionFactory}. */
    private static final class Maker implements ConnectionFactory.Maker {
        @Override
        public Connection make(Transport transport, Codec codec, int maxMessageSize, boolean readable,
                               boolean writable) {
            return new Connection(transport, codec, maxMessageSize, readable, writable);
        }
    }

    /** Connections come from {@link Pipe#open}, {@link Listener}, {@link Client} and the library itself. */
    Connection(Transport transport, Codec codec, int maxMessageSize, boolean readable, boolean writable) {
        this.transport = Objects.requireNonNull(transport);
        this.codec = Objects.requireNonNull(codec);
        if (maxMessageSize <= 0) throw new IllegalArgumentException("maxMessageSize must be positive");
        this.maxMessageSize = maxMessageSize;
        this.readable = readable;
        this.writable = writable;
    }

    /**
     * Sends an object, encoded by the codec, as one message. Blocks while the peer's buffer is full.
     *
     * @param obj the object, may be null
     * @throws org.multiprocessing4j.codec.EncodingException if the codec cannot encode it; nothing is sent
     * @throws java.nio.channels.ClosedChannelException if this end is closed
     * @throws java.net.SocketException if the peer has closed its end or died
     * @throws IOException if the encoding is larger than {@link #maxMessageSize()} (nothing is sent), this end is
     *         read-only, or another I/O error occurs
     */
    public void send(Object obj) throws IOException {
        checkWritable();
        byte[] data = codec.encode(obj);
        sendBytes(data, 0, data.length);
    }

    /**
     * Receives one object; waits as long as it takes.
     *
     * @return the object, decoded by the codec
     * @throws org.multiprocessing4j.codec.DecodingException if the codec cannot decode it; the message is consumed
     * @throws EOFException if the peer has closed its end or died and no message is left
     * @throws java.io.InterruptedIOException if interrupted while waiting; no message is consumed
     * @throws java.nio.channels.ClosedChannelException if this end is closed (also when closed while waiting)
     * @throws IOException if this end is write-only, or the stream is malformed (the connection is then closed)
     */
    public Object recv() throws IOException {
        checkReadable();
        readLock.lock();
        try {
            int len = nextFrameLength(-1);
            if (inLimit - inPos >= len) {
                Object value;
                try {
                    value = codec.decode(in, inPos, len);
                } finally {
                    inPos += len;
                }
                return value;
            }
            byte[] frame = readBody(len);
            return codec.decode(frame, 0, frame.length);
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Sends the whole array as one message.
     *
     * @param buf the bytes
     * @throws java.nio.channels.ClosedChannelException if this end is closed
     * @throws java.net.SocketException if the peer has closed its end or died
     * @throws IOException if {@code buf} is larger than {@link #maxMessageSize()} (nothing is sent), this end is
     *         read-only, or another I/O error occurs
     */
    public void sendBytes(byte[] buf) throws IOException {
        sendBytes(buf, 0, buf.length);
    }

    /**
     * Sends {@code size} bytes of {@code buf} from {@code offset} as one message.
     *
     * @param buf the bytes
     * @param offset the first byte to send
     * @param size how many bytes to send
     * @throws IndexOutOfBoundsException if the range is outside the array
     * @throws java.nio.channels.ClosedChannelException if this end is closed
     * @throws java.net.SocketException if the peer has closed its end or died
     * @throws IOException if the message is larger than {@link #maxMessageSize()} (nothing is sent), this end is
     *         read-only, or another I/O error occurs
     */
    public void sendBytes(byte[] buf, int offset, int size) throws IOException {
        checkWritable();
        Objects.checkFromIndexSize(offset, size, buf.length);
        if (size > maxMessageSize) {
            throw new IOException("message of " + size + " bytes is larger than the connection's limit of "
                    + maxMessageSize + " bytes (Context.Builder.maxMessageSize); nothing was sent");
        }
        writeLock.lock();
        try {
            if (size <= BUFFER - HEADER) {
                Bytes.putInt(out, 0, size);
                System.arraycopy(buf, offset, out, HEADER, size);
                transport.writeFully(out, 0, HEADER + size);
            } else {
                Bytes.putInt(out, 0, size);
                transport.writeFully(out, 0, HEADER);
                transport.writeFully(buf, offset, size);
            }
        } catch (IOException e) {
            if (transport.isClosed() && !closed) throw new java.nio.channels.ClosedChannelException();
            throw e;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Receives one byte message; waits as long as it takes.
     *
     * @return the message
     * @throws EOFException if the peer has closed its end or died and no message is left
     * @throws java.io.InterruptedIOException if interrupted while waiting; no message is consumed
     * @throws java.nio.channels.ClosedChannelException if this end is closed (also when closed while waiting)
     * @throws IOException if this end is write-only, or the stream is malformed (the connection is then closed)
     */
    public byte[] recvBytes() throws IOException {
        return recvBytes(Integer.MAX_VALUE);
    }

    /**
     * Receives one byte message of at most {@code maxLength} bytes; waits as long as it takes.
     *
     * @param maxLength the longest message accepted
     * @return the message
     * @throws EOFException if the peer has closed its end or died and no message is left
     * @throws java.io.InterruptedIOException if interrupted while waiting; no message is consumed
     * @throws java.nio.channels.ClosedChannelException if this end is closed (also when closed while waiting)
     * @throws IOException if the message is longer than {@code maxLength} (as in Python, the connection is then
     *         closed), this end is write-only, or the stream is malformed (the connection is then closed)
     */
    public byte[] recvBytes(int maxLength) throws IOException {
        checkReadable();
        readLock.lock();
        try {
            int len = nextFrameLength(-1);
            if (len > maxLength) {
                close();
                throw new IOException("message of " + len + " bytes is longer than maxLength " + maxLength
                        + "; the connection is closed");
            }
            return readBody(len);
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Receives one byte message into {@code buf} from index 0; see {@link #recvBytesInto(byte[], int)}.
     *
     * @param buf where the message goes
     * @return the message length
     * @throws BufferTooShortException if the message does not fit; the exception carries the whole message,
     *         which is consumed
     * @throws EOFException if the peer has closed its end or died and no message is left
     * @throws java.io.InterruptedIOException if interrupted while waiting; no message is consumed
     * @throws java.nio.channels.ClosedChannelException if this end is closed (also when closed while waiting)
     * @throws IOException if this end is write-only, or the stream is malformed (the connection is then closed)
     */
    public int recvBytesInto(byte[] buf) throws IOException {
        return recvBytesInto(buf, 0);
    }

    /**
     * Receives one byte message into {@code buf} at {@code offset}; waits as long as it takes.
     *
     * @param buf where the message goes
     * @param offset where in {@code buf} it starts
     * @return the message length
     * @throws IndexOutOfBoundsException if {@code offset} is negative or past the end of {@code buf}
     * @throws BufferTooShortException if the message does not fit; the exception carries the whole message,
     *         which is consumed
     * @throws EOFException if the peer has closed its end or died and no message is left
     * @throws java.io.InterruptedIOException if interrupted while waiting; no message is consumed
     * @throws java.nio.channels.ClosedChannelException if this end is closed (also when closed while waiting)
     * @throws IOException if this end is write-only, or the stream is malformed (the connection is then closed)
     */
    public int recvBytesInto(byte[] buf, int offset) throws IOException {
        checkReadable();
        Objects.checkIndex(offset, buf.length + 1);
        readLock.lock();
        try {
            int len = nextFrameLength(-1);
            if (len > buf.length - offset) throw new BufferTooShortException(readBody(len));
            copyBody(buf, offset, len);
            return len;
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Tells whether a message (or the end of the stream) can be received without waiting. Never consumes anything.
     *
     * @return true if a receive would not block
     * @throws java.nio.channels.ClosedChannelException if this end is closed
     * @throws IOException if this end is write-only, or polling fails
     */
    public boolean poll() throws IOException {
        return poll(0, TimeUnit.NANOSECONDS);
    }

    /**
     * Waits up to {@code timeout} for a message to arrive (or the end of the stream); never consumes anything.
     *
     * @param timeout how long to wait
     * @return true if a receive would not block, false on timeout
     * @throws java.nio.channels.ClosedChannelException if this end is closed
     * @throws IOException if this end is write-only, or polling fails
     */
    public boolean poll(Duration timeout) throws IOException {
        return poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits up to the timeout for data to receive. Returns true as soon as a message or the end of the stream is
     * there (a receive would then not block, or would throw {@link EOFException}). Never consumes anything.
     *
     * @param timeout how long to wait; zero or negative does not wait
     * @param unit the unit of {@code timeout}
     * @return true if a receive would not block, false on timeout
     * @throws java.nio.channels.ClosedChannelException if this end is closed
     * @throws IOException if this end is write-only, or polling fails
     */
    public boolean poll(long timeout, TimeUnit unit) throws IOException {
        checkReadable();
        if (inLimit > inPos) return true;
        return transport.awaitReadable(Math.max(0, unit.toNanos(timeout)));
    }

    /** {@return the largest message this end sends or accepts, in bytes} */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** {@return true if this end receives} */
    public boolean isReadable() {
        return readable;
    }

    /** {@return true if this end sends} */
    public boolean isWritable() {
        return writable;
    }

    /** {@return true once {@link #close()} has been called on this end} */
    public boolean isClosed() {
        return closed;
    }

    /** Closes this end; the peer then reads to the end of the stream. Idempotent. */
    @Override
    public void close() {
        closed = true;
        transport.close();
    }

    @Override
    public String toString() {
        return "Connection[" + (readable ? "r" : "") + (writable ? "w" : "") + (closed ? ", closed" : "") + "]";
    }

    /** {@return the transport, for multiplexed waiting and hand-over (internal)} */
    public Transport transport() {
        return transport;
    }

    /** {@return true when a whole or partial message is already buffered in this process (internal)} */
    public boolean hasBuffered() {
        return inLimit > inPos;
    }

    private void checkReadable() throws IOException {
        if (closed) throw new java.nio.channels.ClosedChannelException();
        if (!readable) throw new IOException("connection is write-only");
    }

    private void checkWritable() throws IOException {
        if (closed) throw new java.nio.channels.ClosedChannelException();
        if (!writable) throw new IOException("connection is read-only");
    }

    /** Reads the next header; leaves inPos at the body. */
    private int nextFrameLength(long timeoutNanos) throws IOException {
        fill(HEADER, true);
        int len = Bytes.getInt(in, inPos);
        if (len < 0 || len > maxMessageSize) {
            close();
            throw new IOException("received a frame header announcing " + (len & 0xFFFFFFFFL) + " bytes, over the "
                    + "limit of " + maxMessageSize + " bytes: the stream is malformed or the peer uses another "
                    + "protocol; the connection is closed");
        }
        inPos += HEADER;
        return len;
    }

    /** Ensures {@code need} bytes are buffered at inPos. */
    private void fill(int need, boolean atFrameStart) throws IOException {
        if (inLimit - inPos >= need) return;
        if (inPos > 0) {
            System.arraycopy(in, inPos, in, 0, inLimit - inPos);
            inLimit -= inPos;
            inPos = 0;
        }
        while (inLimit < need) {
            int n;
            try {
                n = transport.read(in, inLimit, in.length - inLimit, -1);
            } catch (java.io.InterruptedIOException e) {
                if (atFrameStart && inLimit == 0) throw e;
                Thread.interrupted(); // finish this frame first, then re-assert below
                n = transport.read(in, inLimit, in.length - inLimit, -1);
                Thread.currentThread().interrupt();
            }
            if (n < 0) {
                if (inLimit == 0 && atFrameStart) throw new EOFException("the other end of the connection is closed");
                throw new EOFException("the connection ended in the middle of a message (truncated frame)");
            }
            inLimit += n;
        }
    }

    private byte[] readBody(int len) throws IOException {
        if (len <= TRUSTED_ALLOCATION) {
            byte[] body = new byte[len];
            copyBody(body, 0, len);
            return body;
        }
        byte[] body = new byte[TRUSTED_ALLOCATION];
        int have = 0;
        while (have < len) {
            if (have == body.length) body = java.util.Arrays.copyOf(body, (int) Math.min(len, 4L * body.length));
            int chunk = body.length - have;
            copyBody(body, have, chunk);
            have += chunk;
        }
        return body;
    }

    /** Moves {@code len} body bytes into {@code dst}: first from the buffer, then straight from the transport. */
    private void copyBody(byte[] dst, int off, int len) throws IOException {
        int buffered = Math.min(len, inLimit - inPos);
        System.arraycopy(in, inPos, dst, off, buffered);
        inPos += buffered;
        int have = buffered;
        while (have < len) {
            int n = transport.read(dst, off + have, len - have, -1);
            if (n < 0) throw new EOFException("the connection ended in the middle of a message (truncated frame)");
            have += n;
        }
    }

    /**
     * Travels as a handle to the same channel: the receiving process gets its own end.
     *
     * @return the serialized form
     * @throws ObjectStreamException if this end is closed, or is not a Unix-domain socket
     */
    @Serial
    private Object writeReplace() throws ObjectStreamException {
        if (closed) throw new java.io.InvalidObjectException("cannot send a closed connection to another process");
        if (transport.unixSocket() == null) {
            throw new java.io.NotSerializableException("a TCP connection cannot be handed to another process");
        }
        return ResourceSharer.share(transport.unixSocket(), readable, writable, maxMessageSize);
    }
}
