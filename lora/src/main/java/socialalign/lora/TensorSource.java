package socialalign.lora;

import socialalign.engine.Tensor;

/** Where an adapter's tensors come from: a fresh initialisation, or an adapter file. */
@FunctionalInterface
interface TensorSource {

    /** How a fresh adapter starts a tensor (spec C4). */
    enum Initial { KAIMING_UNIFORM, ZEROS }

    /** The tensor of PEFT key {@code key} and shape {@code shape} ({@code [out, in]}: fan-in is {@code shape[1]}). */
    Tensor get(String key, int[] shape, Initial initial);
}
