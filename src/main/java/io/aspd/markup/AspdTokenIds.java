package io.aspd.markup;

import java.util.OptionalInt;
import java.util.function.Function;

/** The ids a particular tokenizer gives the six ASPD tokens. Always looked up, never hard-coded. */
public record AspdTokenIds(int title, int titleEnd, int para, int paraEnd, int branch, int branchEnd) {

    /** Looks the six tokens up; a tokenizer that lacks one cannot serve an ASPD model. */
    public static AspdTokenIds lookup(Function<String, OptionalInt> tokenId) {
        return new AspdTokenIds(
                require(tokenId, AspdTokens.TITLE), require(tokenId, AspdTokens.TITLE_END),
                require(tokenId, AspdTokens.PARA), require(tokenId, AspdTokens.PARA_END),
                require(tokenId, AspdTokens.BRANCH), require(tokenId, AspdTokens.BRANCH_END));
    }

    private static int require(Function<String, OptionalInt> tokenId, String token) {
        return tokenId.apply(token).orElseThrow(() -> new IllegalArgumentException(
                "the tokenizer has no " + token + " token: this is not an ASPD model"));
    }

    public boolean isMarkup(int id) {
        return id == title || id == titleEnd || id == para || id == paraEnd || id == branch || id == branchEnd;
    }
}
