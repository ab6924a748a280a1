package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Known checksum values, and pinned values that cannot be checksums. */
class HashAlgorithmTest {

    @Test
    void knownValues(@TempDir Path dir) throws Exception {
        Path abc = Files.writeString(dir.resolve("abc"), "abc");
        assertEquals("900150983cd24fb0d6963f7d28e17f72", HashAlgorithm.MD5.hash(abc));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", HashAlgorithm.SHA256.hash(abc));
        Path wiki = Files.writeString(dir.resolve("w"), "Wikipedia");
        assertEquals(Long.toString(0x11E60398L), HashAlgorithm.ADLER32.hash(wiki));
    }

    @Test
    void runningHashEqualsWholeFileHash(@TempDir Path dir) throws Exception {
        byte[] b = Fixtures.bytes(200_001, 7);
        Path f = Files.write(dir.resolve("f"), b);
        for (HashAlgorithm a : HashAlgorithm.values()) {
            Hasher h = a.newHasher();
            h.update(b, 0, 100_000);
            h.update(b, 100_000, b.length - 100_000);
            assertEquals(a.hash(f), h.value(), a.toString());
        }
    }

    @Test
    void adler32AboveTwoToThe31IsAnUnsignedDecimal() {
        // DL4J's pinned values are above Integer.MAX_VALUE: they must not be read as negative ints.
        assertEquals("3914447815", HashAlgorithm.ADLER32.normalize(" 3914447815 "));
        Hasher h = HashAlgorithm.ADLER32.newHasher();
        byte[] ff = new byte[5000];
        java.util.Arrays.fill(ff, (byte) 0xff);
        h.update(ff, 0, ff.length);
        assertTrue(Long.parseLong(h.value()) >= 0);
    }

    @Test
    void normalizeAcceptsUpperCaseAndRejectsNonsense() {
        assertEquals("64373286793e3c8b2b4e3219cbf3544b", HashAlgorithm.MD5.normalize("64373286793E3C8B2B4E3219CBF3544B"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HashAlgorithm.MD5.normalize("1234"))
                .getMessage().contains("not a MD5 checksum (32 hex digits): '1234'"));
        assertThrows(IllegalArgumentException.class, () -> HashAlgorithm.MD5.normalize("zz373286793e3c8b2b4e3219cbf3544b"));
        assertThrows(IllegalArgumentException.class, () -> HashAlgorithm.ADLER32.normalize("4294967296"));
        assertThrows(IllegalArgumentException.class, () -> HashAlgorithm.ADLER32.normalize("-1"));
        assertThrows(IllegalArgumentException.class, () -> HashAlgorithm.SHA256.normalize(null));
    }
}
