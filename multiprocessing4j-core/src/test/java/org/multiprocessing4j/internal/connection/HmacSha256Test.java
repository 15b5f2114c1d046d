package org.multiprocessing4j.internal.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/** The challenge's own HMAC-SHA256 agrees with the JDK's and with RFC 4231. */
class HmacSha256Test {
    @Test
    void rfc4231Vectors() {
        byte[] key1 = new byte[20];
        java.util.Arrays.fill(key1, (byte) 0x0b);
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                HexFormat.of().formatHex(HmacSha256.mac(key1, "Hi There".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                HexFormat.of().formatHex(HmacSha256.mac("Jefe".getBytes(StandardCharsets.US_ASCII),
                        "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void agreesWithTheJdkOnRandomKeysAndMessages() throws Exception {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < 2000; i++) {
            byte[] key = new byte[1 + rnd.nextInt(150)];   // below, at and above the 64-byte block
            byte[] msg = new byte[rnd.nextInt(300)];       // across the padding boundaries
            rnd.nextBytes(key);
            rnd.nextBytes(msg);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            assertArrayEquals(mac.doFinal(msg), HmacSha256.mac(key, msg), "key " + key.length + ", message " + msg.length);
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(msg), HmacSha256.sha256(msg));
        }
    }
}
