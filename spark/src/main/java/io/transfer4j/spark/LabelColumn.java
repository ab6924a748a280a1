package io.transfer4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

/**
 * The class labels of a training set and each row's class index (a double, with Spark ML's nominal metadata). A
 * string column is indexed in sorted order; a numeric one (e.g. from a {@code StringIndexer}) keeps its indices,
 * its labels read from the column's ML attribute when there is one, else "0".."n-1".
 */
record LabelColumn(List<String> labels, Column index) {

    static LabelColumn of(Dataset<Row> data, String column) {
        if (!List.of(data.columns()).contains(column)) {
            throw new IllegalArgumentException("label column '" + column + "' is not in the data (columns: "
                    + String.join(", ", data.columns()) + "); set it with setLabelCol");
        }
        StructField field = data.schema().apply(column);
        Column c = functions.col(column);
        if (field.dataType() instanceof StringType) {
            List<String> labels = new ArrayList<>();
            for (Row r : data.select(c).where(c.isNotNull()).distinct().orderBy(c).collectAsList()) {
                labels.add(r.getString(0));
            }
            Column[] literals = labels.stream().map(functions::lit).toArray(Column[]::new);
            Column index = functions.array_position(functions.array(literals), c).minus(1).cast(DataTypes.DoubleType);
            return new LabelColumn(requireTwo(labels, column), index);
        }
        if (!(field.dataType() instanceof NumericType)) {
            throw new IllegalArgumentException("label column '" + column + "' has type " + field.dataType().simpleString()
                    + "; use class names (string) or class indices (e.g. from StringIndexer)");
        }
        Attribute attr = Attribute.fromStructField(field);
        List<String> labels;
        if (attr instanceof NominalAttribute nominal && nominal.values().isDefined()) {
            labels = List.of(nominal.values().get());
        } else {
            Row stats = data.select(functions.min(c), functions.max(c),
                    functions.sum(functions.when(c.cast(DataTypes.LongType).notEqual(c), 1).otherwise(0))).first();
            if (stats.isNullAt(0)) {
                throw new IllegalArgumentException("label column '" + column + "' has no values");
            }
            double min = ((Number) stats.get(0)).doubleValue();
            double max = ((Number) stats.get(1)).doubleValue();
            if (min < 0 || ((Number) stats.get(2)).longValue() > 0) {
                throw new IllegalArgumentException("label column '" + column + "' must hold class indices 0, 1, 2, ...; found values"
                        + " from " + min + " to " + max + (min < 0 ? "" : " that are not whole numbers"));
            }
            labels = IntStream.rangeClosed(0, (int) max).mapToObj(Integer::toString).toList();
        }
        return new LabelColumn(requireTwo(labels, column), c.cast(DataTypes.DoubleType));
    }

    private static List<String> requireTwo(List<String> labels, String column) {
        if (labels.size() < 2) {
            throw new IllegalArgumentException("label column '" + column + "' has " + labels.size() + " class(es) " + labels
                    + "; a classifier needs at least 2");
        }
        return labels;
    }

    /** The index column named {@code name}, with the nominal metadata Spark ML classifiers read the class count from. */
    Column named(String name) {
        return index.as(name, NominalAttribute.defaultAttr().withName(name).withValues(labels.toArray(String[]::new)).toMetadata());
    }
}
