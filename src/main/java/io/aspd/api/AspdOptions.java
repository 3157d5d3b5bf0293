package io.aspd.api;

/**
 * The request's {@code aspd} extension; every field is optional, and clients that do not know it never send it.
 *
 * @param mode             {@code parallel} (default), {@code sequential} (same answer, no speed-up) or {@code off}
 * @param maxBranches      most branches a block may decode in parallel, 2 .. {@code aspd.engine.max-branches}
 * @param includeStructure add the answer's blocks, titles and branch texts to the response
 */
public record AspdOptions(String mode, Integer maxBranches, Boolean includeStructure) {
    public boolean wantsStructure() {
        return Boolean.TRUE.equals(includeStructure);
    }
}
