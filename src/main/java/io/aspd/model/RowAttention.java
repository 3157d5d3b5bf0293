package io.aspd.model;

import ai.djl.ndarray.NDArray;

/**
 * The one part of a decoder layer that differs between serving and training: which keys and values each query row
 * attends to. Serving attends per sequence against its KV cache plus its new rows; training attends within each
 * sequence of a padded batch. Both end in {@link TransformerOps#groupedQueryAttention}.
 */
@FunctionalInterface
interface RowAttention {

    /**
     * @param layer the decoder layer
     * @param q {@code [rows, heads, headDim]}, RoPE applied
     * @param k {@code [rows, kvHeads, headDim]}, RoPE applied
     * @param v {@code [rows, kvHeads, headDim]}
     * @return {@code [rows, heads * headDim]}, in the order of the query rows
     */
    NDArray attend(int layer, NDArray q, NDArray k, NDArray v);
}
