package io.aspd.train.corpus;

/** The sentences that describe a product in lists and comparisons, derived from its data so prices never drift. */
final class ProductSentences {

    private ProductSentences() {
    }

    /** "Plus 500 gives you 500 Mbps download and 50 Mbps upload for $49/month." */
    static String listing(Company.Product product) {
        return product.name() + " gives you " + product.headline() + " for " + product.priceText() + ".";
    }

    /** The listing sentence plus who the product suits, for side-by-side comparisons. */
    static String comparison(Company.Product product) {
        return listing(product) + " It is best for " + product.bestFor() + ".";
    }
}
