package socialalign.autograd.nn;

import socialalign.autograd.Variable;

/**
 * One of a transformer block's linear maps ({@code q_proj} ... {@code down_proj}): a {@link Linear}, or an adapter
 * that wraps one and may read the {@link TokenContext} (absolute positions, prompt spans) of the tokens it maps.
 */
public interface Projection extends Module {

    /** {@code x [..., inFeatures]} -> {@code [..., outFeatures]} for the tokens that {@code context} describes. */
    Variable forward(Variable x, TokenContext context);

    int inFeatures();

    int outFeatures();
}
