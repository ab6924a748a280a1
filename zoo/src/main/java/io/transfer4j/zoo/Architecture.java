package io.transfer4j.zoo;

import io.transfer4j.dsl.Network;

/** A model family's definition: options in, DSL network out. Registered with {@link Zoo}. */
@FunctionalInterface
public interface Architecture {
    Network define(ModelOptions options);
}
