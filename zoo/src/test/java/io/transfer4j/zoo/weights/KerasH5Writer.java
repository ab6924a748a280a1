package io.transfer4j.zoo.weights;

import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_TRUNC;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.hdf5.Attribute;
import org.bytedeco.hdf5.DataSet;
import org.bytedeco.hdf5.DataSpace;
import org.bytedeco.hdf5.Group;
import org.bytedeco.hdf5.H5File;
import org.bytedeco.hdf5.H5Object;
import org.bytedeco.hdf5.PredType;
import org.bytedeco.hdf5.StrType;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;

/**
 * Writes files in Keras 2's weights layout from Java (bytedeco HDF5), for full-size tests that cannot ship
 * 100-500 MB fixtures and must run where h5py is absent. Layout as Keras's {@code save_weights}: root
 * attributes {@code layer_names}, {@code backend}, {@code keras_version}; per layer a group with
 * {@code weight_names} (fixed-length strings; a zero-length float64 array for layers without weights) and
 * the arrays at those relative paths. Arrays are written from {@link Fill} or, with {@code null}, only
 * declared (HDF5 allocates nothing, so a full-size VGG16 file stays a few KB and reads as zeros).
 */
final class KerasH5Writer implements AutoCloseable {
    /** The values (C order) of array {@code a} (of that shape) of layer {@code layer}. */
    @FunctionalInterface
    interface Fill {
        float[] values(String layer, int a, long[] shape);
    }

    record Array(String name, long[] shape) {
    }

    private final H5File file;
    private final List<String> layerNames = new ArrayList<>();

    KerasH5Writer(Path path) {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            file = new H5File(path.toString(), H5F_ACC_TRUNC());
        }
    }

    /** Adds a layer; arrays may be empty (a layer without weights). */
    KerasH5Writer layer(String name, List<Array> arrays, Fill fill) {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            layerNames.add(name);
            try (Group g = createGroups(file, name)) {
                strings(g, "weight_names", arrays.stream().map(Array::name).toList());
                java.util.Map<String, Group> subgroups = new java.util.LinkedHashMap<>();
                try {
                    for (int a = 0; a < arrays.size(); a++) {
                        dataset(g, subgroups, name, a, arrays.get(a), fill);
                    }
                } finally {
                    List<Group> open = new ArrayList<>(subgroups.values());
                    java.util.Collections.reverse(open);
                    open.forEach(Group::close);
                }
            }
        }
        return this;
    }

    @Override
    public void close() {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            strings(file, "layer_names", layerNames);
            strings(file, "backend", List.of("tensorflow"));
            strings(file, "keras_version", List.of("2.2.4"));
            file.close();
        }
    }

    private static void dataset(Group g, java.util.Map<String, Group> subgroups, String layer, int index, Array a, Fill fill) {
        String[] parts = a.name().split("/");
        Group parent = g;
        String path = "";
        for (int i = 0; i < parts.length - 1; i++) {
            path = path + "/" + parts[i];
            Group p = parent;
            String part = parts[i];
            parent = subgroups.computeIfAbsent(path, k -> p.createGroup(part));
        }
        try (DataSpace space = new DataSpace(a.shape().length, a.shape());
             DataSet ds = parent.createDataSet(parts[parts.length - 1], PredType.IEEE_F32LE(), space)) {
            if (fill != null) {
                float[] values = fill.values(layer, index, a.shape());
                try (FloatPointer p = new FloatPointer(values)) {
                    ds.write(p, PredType.NATIVE_FLOAT());
                }
            }
        }
    }

    /** Creates {@code path} below {@code root}, intermediate groups included, as h5py does for 'conv1/conv'. */
    private static Group createGroups(Group root, String path) {
        Group current = root;
        for (String part : path.split("/")) {
            boolean exists = false;
            for (long i = 0; i < current.getNumObjs(); i++) {
                exists |= current.getObjnameByIdx(i).getString().equals(part);
            }
            Group next = exists ? current.openGroup(part) : current.createGroup(part);
            if (current != root) {
                current.close();
            }
            current = next;
        }
        return current;
    }

    /** A fixed-length string array attribute, as h5py writes {@code np.asarray([b'...', ...])}. */
    private static void strings(H5Object where, String name, List<String> values) {
        if (values.isEmpty()) {
            try (DataSpace space = new DataSpace(1, new long[] {0});
                 Attribute a = where.createAttribute(name, PredType.IEEE_F64LE(), space)) {
                return;
            }
        }
        int size = values.stream().mapToInt(v -> v.getBytes(StandardCharsets.UTF_8).length).max().orElse(1);
        byte[] buf = new byte[size * values.size()];
        for (int i = 0; i < values.size(); i++) {
            byte[] b = values.get(i).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(b, 0, buf, i * size, b.length);
        }
        try (StrType type = new StrType(PredType.C_S1(), size);
             DataSpace space = new DataSpace(1, new long[] {values.size()});
             Attribute a = where.createAttribute(name, type, space);
             BytePointer p = new BytePointer(buf)) {
            a.write(type, (Pointer) p);
        }
    }
}
