package io.transfer4j.zoo.weights;

import static org.bytedeco.hdf5.global.hdf5.H5T_STRING;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.hdf5.Attribute;
import org.bytedeco.hdf5.DataSpace;
import org.bytedeco.hdf5.H5Object;
import org.bytedeco.hdf5.StrType;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;

/**
 * Reads string-array attributes ({@code layer_names}, {@code weight_names}) through the bytedeco HDF5 API.
 * {@code Hdf5Archive.readAttributeAsString} glues fixed-length string arrays together without a separator,
 * so the elements are split here by the string type's element size.
 */
final class H5Strings {
    private H5Strings() {
    }

    /**
     * The attribute as a list of strings; an empty list for a zero-length non-string array (Keras writes
     * {@code np.asarray([])}, a float64 array, for layers without weights). Keras splits attributes over
     * 64 KB into {@code name0}, {@code name1}, ...; those are concatenated.
     */
    static List<String> read(H5Object location, String name) {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            if (location.attrExists(name)) {
                return readOne(location, name);
            }
            List<String> out = new ArrayList<>();
            for (int chunk = 0; location.attrExists(name + chunk); chunk++) {
                out.addAll(readOne(location, name + chunk));
            }
            return out;
        }
    }

    static boolean exists(H5Object location, String name) {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            return location.attrExists(name) || location.attrExists(name + "0");
        }
    }

    /** A scalar string attribute (e.g. {@code keras_version}), or null when absent or not a string. */
    static String readScalar(H5Object location, String name) {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            if (!location.attrExists(name)) {
                return null;
            }
            List<String> v = readOne(location, name);
            return v.isEmpty() ? null : v.get(0);
        }
    }

    private static List<String> readOne(H5Object location, String name) {
        try (Attribute a = location.openAttribute(name); DataSpace space = a.getSpace()) {
            long n = space.getSimpleExtentNpoints();
            if (a.getTypeClass() != H5T_STRING) {
                if (n == 0) {
                    return List.of();
                }
                throw new IllegalStateException("attribute '" + name + "' holds " + n + " non-string values");
            }
            List<String> out = new ArrayList<>();
            try (StrType type = a.getStrType()) {
                if (type.isVariableStr()) {
                    try (PointerPointer<BytePointer> ptrs = new PointerPointer<>(n)) {
                        a.read(type, ptrs);
                        for (int i = 0; i < n; i++) {
                            BytePointer p = ptrs.get(BytePointer.class, i);
                            out.add(p == null ? "" : p.getString(StandardCharsets.UTF_8));
                        }
                    }
                    return out;
                }
                int size = Math.toIntExact(type.getSize());
                byte[] bytes = new byte[Math.toIntExact(n * size)];
                try (BytePointer buf = new BytePointer(bytes.length)) {
                    a.read(type, (Pointer) buf);   // the BytePointer overload is the std::string one
                    buf.get(bytes);
                }
                for (int i = 0; i < n; i++) {
                    int end = i * size;
                    while (end < (i + 1) * size && bytes[end] != 0) {
                        end++;
                    }
                    // NULLPAD and SPACEPAD strings: the padding is not part of the name
                    out.add(new String(bytes, i * size, end - i * size, StandardCharsets.UTF_8).stripTrailing());
                }
                return out;
            }
        }
    }
}
