package io.transfer4j.transfer.train;

import io.transfer4j.dsl.Shape;
import io.transfer4j.transfer.data.ImageFileSource;
import io.transfer4j.transfer.data.LabeledFile;
import io.transfer4j.transfer.onnx.Engine;
import io.transfer4j.zoo.Preprocessing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Trunk features of an image folder's files through a {@link FeatureStore}: the files are taken in chunks, each
 * file's bytes hashed, the stored features read, and only the files the store lacks decoded and run through the
 * trunk (then stored). The trunk's key covers its weights and configuration up to the cut layer, the input size
 * and the preprocessing, so any change to those — or to an image's bytes — computes afresh.
 */
final class StoredFeatures {
    private static final int CHUNK = 64;

    private final TrunkFeatures trunk;
    private final ImageFileSource source;
    private final FeatureStore store;
    private final String key;
    private int reused;
    private int computed;

    StoredFeatures(TrunkFeatures trunk, ImageFileSource source, FeatureStore store) {
        this.trunk = trunk;
        this.source = source;
        this.store = store;
        Preprocessing p = source.preprocessing();
        String weights = Engine.outputKey(trunk.graph(), List.of(Shape.image(p.height(), p.width(), p.channels())), trunk.node());
        this.key = sha256((weights + "|" + trunk.node() + "|" + source.inputKey()).getBytes(StandardCharsets.UTF_8)).substring(0, 24);
        store.describe(key, "cut at '" + trunk.node() + "', input " + source.inputKey() + ", trunk weights " + weights);
    }

    /** Feature batches (features at the cut, one-hot or multi-hot labels) of every readable file, in the source's order. */
    Iterator<DataSet> batches() {
        List<LabeledFile> files = source.files();
        return new Iterator<>() {
            private int next;
            private DataSet pending;

            @Override
            public boolean hasNext() {
                while (pending == null && next < files.size()) {
                    List<LabeledFile> chunk = files.subList(next, Math.min(files.size(), next + CHUNK));
                    next += chunk.size();
                    pending = chunk(chunk);
                }
                return pending != null;
            }

            @Override
            public DataSet next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                DataSet d = pending;
                pending = null;
                return d;
            }
        };
    }

    /** Examples whose features came from the store so far. */
    int reused() {
        return reused;
    }

    /** Examples the trunk computed so far. */
    int computed() {
        return computed;
    }

    private DataSet chunk(List<LabeledFile> files) {
        int n = files.size();
        String[] hashes = new String[n];
        INDArray[] rows = new INDArray[n];
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hashes[i] = contentHash(files.get(i));
            rows[i] = hashes[i] == null ? null : store.get(key, hashes[i]);
            if (rows[i] == null) {
                missing.add(i);
            } else {
                reused++;
            }
        }
        if (!missing.isEmpty()) {
            store.exclusive(key, () -> computeMissing(files, hashes, rows, missing));
        }
        List<INDArray> feats = new ArrayList<>(n);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, source.numClasses());
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (rows[i] != null) {
                feats.add(withBatchDim(rows[i]));
                for (int l : files.get(i).labels()) {
                    labels.putScalar(m, l, 1f);
                }
                m++;
            }
        }
        if (feats.isEmpty()) {
            return null;        // every file unreadable (skipped per the folder's policy)
        }
        return new DataSet(Nd4j.concat(0, feats.toArray(INDArray[]::new)), labels.get(NDArrayIndex.interval(0, m), NDArrayIndex.all()).dup());
    }

    /** Under the store's lock: whatever another process stored meanwhile is read, the rest computed and stored. */
    private Void computeMissing(List<LabeledFile> files, String[] hashes, INDArray[] rows, List<Integer> missing) {
        List<LabeledFile> todo = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        for (int i : missing) {
            rows[i] = hashes[i] == null ? null : store.get(key, hashes[i]);
            if (rows[i] != null) {
                reused++;
            } else {
                todo.add(files.get(i));
                index.put(files.get(i).path().toString(), i);
            }
        }
        if (todo.isEmpty()) {
            return null;
        }
        DataSet images = source.load(todo);
        if (images == null) {
            return null;
        }
        INDArray f = trunk.of(images.getFeatures());
        List<java.io.Serializable> names = images.getExampleMetaData(java.io.Serializable.class);
        for (int r = 0; r < f.size(0); r++) {
            int i = index.get(names.get(r).toString());
            rows[i] = withoutBatchDim(f, r);
            computed++;
            if (hashes[i] != null) {
                store.put(key, hashes[i], rows[i]);
            }
        }
        return null;
    }

    private static INDArray withoutBatchDim(INDArray batch, int r) {
        INDArrayIndex[] idx = new INDArrayIndex[batch.rank()];
        idx[0] = NDArrayIndex.point(r);
        for (int d = 1; d < idx.length; d++) {
            idx[d] = NDArrayIndex.all();
        }
        return batch.get(idx).dup('c');
    }

    private static INDArray withBatchDim(INDArray row) {
        long[] s = new long[row.rank() + 1];
        s[0] = 1;
        System.arraycopy(row.shape(), 0, s, 1, row.rank());
        return row.reshape('c', s);
    }

    /** SHA-256 of the file's bytes; null when it cannot be read (decoding then reports it per the folder's policy). */
    private static String contentHash(LabeledFile f) {
        try (InputStream in = Files.newInputStream(f.path())) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 40);
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
