package org.multiprocessing4j.hazelcast.internal;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of a cluster semaphore and the atomic operations on it, run by Hazelcast as entry processors on the
 * member that owns the semaphore's key (and replayed on its backup). Both travel as
 * {@link IdentifiedDataSerializable}, never through Java serialization.
 */
public final class Semaphores {
    public static final int FACTORY_ID = 0x6d70346a; // "mp4j"
    static final int STATE = 1, OP = 2;
    public static final byte INIT = 1, ACQUIRE = 2, RELEASE = 3, RELEASE_HOLDER = 4, AVAILABLE = 5, DRAIN = 6;

    private Semaphores() {}

    /** Creates our types by id when Hazelcast reads them. */
    public static final class Factory implements DataSerializableFactory {
        @Override
        public IdentifiedDataSerializable create(int typeId) {
            return switch (typeId) {
                case STATE -> new State();
                case OP -> new Op();
                default -> null;
            };
        }
    }

    /** Free permits, and the permits each holder (a client or member UUID) has acquired and not released. */
    public static final class State implements IdentifiedDataSerializable {
        int permits;
        final LinkedHashMap<String, Integer> holders = new LinkedHashMap<>();

        public State() {}

        State(int permits) {
            this.permits = permits;
        }

        @Override
        public int getFactoryId() {
            return FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return STATE;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeInt(permits);
            out.writeInt(holders.size());
            for (Map.Entry<String, Integer> e : holders.entrySet()) {
                out.writeString(e.getKey());
                out.writeInt(e.getValue());
            }
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            permits = in.readInt();
            int n = in.readInt();
            if (n < 0 || n > 1_000_000) throw new IOException("corrupt semaphore state: " + n + " holders");
            holders.clear();
            for (int i = 0; i < n; i++) holders.put(in.readString(), in.readInt());
        }
    }

    /** One atomic operation; {@link #process} returns its outcome (see each constant's use in ClusterSemaphore). */
    public static final class Op implements EntryProcessor<String, State, Integer>, IdentifiedDataSerializable {
        byte op;
        int n;
        String holder;

        public Op() {}

        public Op(byte op, int n, String holder) {
            this.op = op;
            this.n = n;
            this.holder = holder;
        }

        @Override
        public Integer process(Map.Entry<String, State> entry) {
            State s = entry.getValue();
            if (s == null) {
                if (op != INIT) return op == AVAILABLE ? Integer.MIN_VALUE : -1; // no such semaphore
                entry.setValue(new State(n));
                return n;
            }
            int result;
            switch (op) {
                case INIT -> result = s.permits;
                case ACQUIRE -> {
                    if (s.permits < n) return 0; // unchanged: no write
                    s.permits -= n;
                    s.holders.merge(holder, n, Integer::sum);
                    result = 1;
                }
                case RELEASE -> {
                    s.permits += n;
                    Integer held = s.holders.get(holder);
                    if (held != null) {
                        if (held <= n) s.holders.remove(holder);
                        else s.holders.put(holder, held - n);
                    }
                    result = s.permits;
                }
                case RELEASE_HOLDER -> {
                    Integer held = s.holders.remove(holder);
                    if (held == null) return 0;
                    s.permits += held;
                    result = held;
                }
                case AVAILABLE -> {
                    return s.permits;
                }
                case DRAIN -> {
                    result = s.permits;
                    if (result > 0) s.holders.merge(holder, result, Integer::sum);
                    s.permits = 0;
                }
                default -> throw new IllegalArgumentException("unknown semaphore operation " + op);
            }
            entry.setValue(s);
            return result;
        }

        @Override
        public int getFactoryId() {
            return FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return OP;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeByte(op);
            out.writeInt(n);
            out.writeString(holder);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            op = in.readByte();
            n = in.readInt();
            holder = in.readString();
        }
    }
}
