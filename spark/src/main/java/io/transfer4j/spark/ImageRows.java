package io.transfer4j.spark;

import io.transfer4j.transfer.data.ImageFiles;
import java.io.IOException;
import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads the image of one row, as the single-machine loader reads a file ({@link ImageFiles}): the input column is
 * either Spark's {@code image} data source struct (decoded pixels, BGR) or the {@code content} bytes of a
 * {@code binaryFile} row (the encoded file, decoded here like a file on disk). Gray, RGBA and 16-bit images are
 * converted to the model's channels; what cannot be used becomes an {@link IOException} naming the row's path.
 */
final class ImageRows {
    /** The column kinds that hold images. */
    enum Kind { IMAGE_STRUCT, FILE_BYTES }

    private ImageRows() {
    }

    /** What the input column holds, or a clear error naming the column and the types accepted. */
    static Kind kind(StructType schema, String column) {
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException("input column '" + column + "' is not in the data (columns: "
                    + String.join(", ", schema.fieldNames()) + "); read images with spark.read().format(\"image\") (column"
                    + " 'image') or format(\"binaryFile\") (column 'content') and set the input column");
        }
        DataType t = schema.apply(column).dataType();
        if (t instanceof BinaryType) {
            return Kind.FILE_BYTES;
        }
        if (t instanceof StructType s && Arrays.asList(s.fieldNames()).containsAll(
                java.util.List.of("origin", "height", "width", "nChannels", "data"))) {
            return Kind.IMAGE_STRUCT;
        }
        throw new IllegalArgumentException("input column '" + column + "' has type " + t.simpleString() + "; it must be"
                + " the struct of Spark's image data source or the binary 'content' of the binaryFile data source");
    }

    /** The path or URI the row's image came from (for messages and output), or "row" when the data has none. */
    static String origin(Row row, Kind kind, int column, int pathColumn) {
        if (kind == Kind.IMAGE_STRUCT) {
            Row image = row.isNullAt(column) ? null : row.getStruct(column);
            if (image != null && !image.isNullAt(image.fieldIndex("origin"))) {
                return image.getString(image.fieldIndex("origin"));
            }
        }
        return pathColumn >= 0 && !row.isNullAt(pathColumn) ? String.valueOf(row.get(pathColumn)) : "row " + row;
    }

    /** {@code [1, channels, height, width]}, RGB (or gray) 0..255, at the model's size. */
    static INDArray read(Row row, Kind kind, int column, String origin, int height, int width, int channels) throws IOException {
        if (row.isNullAt(column)) {
            throw new IOException(origin + ": the image column is null");
        }
        if (kind == Kind.FILE_BYTES) {
            return ImageFiles.load((byte[]) row.get(column), origin, height, width, channels);
        }
        Row image = row.getStruct(column);
        int h = image.getInt(image.fieldIndex("height"));
        int w = image.getInt(image.fieldIndex("width"));
        int c = image.getInt(image.fieldIndex("nChannels"));
        byte[] data = (byte[]) image.get(image.fieldIndex("data"));
        if (h <= 0 || w <= 0 || data == null || data.length == 0) {
            // Spark's image source marks files it could not decode this way (dropInvalid=false).
            throw new IOException(origin + " cannot be decoded as an image (Spark's image source could not read it)");
        }
        return ImageFiles.fromPixels(data, h, w, c, origin, height, width, channels);
    }
}
