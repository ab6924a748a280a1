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
 */
package io.transfer4j.zoo.weights;
