/**
 * Pretrained weight files: which exist ({@link io.transfer4j.zoo.weights.WeightRegistry}, one
 * {@link io.transfer4j.zoo.weights.WeightTag} per file), and a local cache that only ever hands out files
 * whose pinned checksum matches ({@link io.transfer4j.zoo.weights.ModelCache}), fetching them with a
 * resumable, bounded {@link io.transfer4j.zoo.weights.Downloader}.
 *
 * <pre>{@code
 * WeightTag tag = WeightRegistry.defaults().get("resnet50:imagenet");
 * Path h5 = ModelCache.fromEnvironment().resolve(tag);   // ~/.transfer4j/models/keras/resnet50_..._kernels.h5
 * }</pre>
 *
 * Settings (system property, else environment variable): {@code transfer4j.home} / {@code TRANSFER4J_HOME},
 * {@code transfer4j.mirror.<source>} / {@code TRANSFER4J_MIRROR_<SOURCE>} (sources {@code keras}, {@code dl4j}),
 * {@code transfer4j.offline} / {@code TRANSFER4J_OFFLINE}, {@code transfer4j.download.attempts},
 * {@code .connectTimeout}, {@code .idleTimeout}. See {@link io.transfer4j.zoo.weights.CacheSettings}.
 *
 * <p>Loading: {@link io.transfer4j.zoo.weights.KerasWeightsLoader} (Keras 2 {@code .h5}, by name or by
 * order, layouts converted), {@link io.transfer4j.zoo.weights.Dl4jZipLoader} (DL4J zips through a
 * {@link io.transfer4j.zoo.weights.Dl4jNameMap}), {@link io.transfer4j.zoo.weights.WeightFiles} (any file,
 * format read from its content), {@link io.transfer4j.zoo.weights.PretrainedWeights} (what
 * {@code Zoo.vgg16().weights("imagenet").build()} does), and {@link io.transfer4j.zoo.weights.Labels} for
 * top-k decoding. Every load is checked in full before a parameter is written and reports what it did
 * ({@link io.transfer4j.zoo.weights.LoadReport}).
 */
package io.transfer4j.zoo.weights;
