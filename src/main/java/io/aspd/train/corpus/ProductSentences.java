package io.aspd.train.corpus;

/** The sentences that describe a product in lists and comparisons, derived from its data so prices never drift. */
final class ProductSentences {

    private ProductSentences() {
    }

    /** "Plus 500 gives you 500 Mbps download and 50 Mbps upload for $49/month." */
    static String listing(Company.Product product) {
        return product.name() + " gives you " + product.headline() + " for " + product.priceText() + ".";
    }

    /**
     * The listing sentence, the product's contract terms when it has any, and who it suits: the full branch of a
     * list or comparison, which still reads on its own.
     */
    static String detailed(Company.Product product) {
        String contract = product.aspects().stream()
                .filter(a -> a.title().equals("Contract") || a.title().equals("No contract"))
                .map(a -> " " + a.body()).findFirst().orElse("");
        return listing(product) + contract + " It is best for " + product.bestFor() + ".";
    }
}
