package socialalign.pipeline.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class DistributionProperties {
    private static final double EPS = 1e-12;

    /** Two distributions over the same 2..6 categories, from random non-negative counts (zeros included). */
    @Provide
    Arbitrary<Tuple.Tuple2<double[], double[]>> pairs() {
        return Arbitraries.integers().between(2, 6).flatMap(k -> Combinators.combine(counts(k), counts(k)).as(Tuple::of));
    }

    private static Arbitrary<double[]> counts(int k) {
        return Arbitraries.integers().between(0, 20).array(int[].class).ofSize(k)
                .filter(c -> java.util.Arrays.stream(c).sum() > 0)
                .map(c -> Distributions.normalise(java.util.Arrays.stream(c).asDoubleStream().toArray()));
    }

    @Property
    void distributionsSumToOne(@ForAll("pairs") Tuple.Tuple2<double[], double[]> pq) {
        assertEquals(1, java.util.Arrays.stream(pq.get1()).sum(), 1e-12);
    }

    @Property
    void jensenShannonIsSymmetricAndBoundedByLn2(@ForAll("pairs") Tuple.Tuple2<double[], double[]> pq) {
        double pqJs = Distributions.jensenShannon(pq.get1(), pq.get2());
        assertEquals(pqJs, Distributions.jensenShannon(pq.get2(), pq.get1()), EPS);
        assertTrue(pqJs >= 0 && pqJs <= Math.log(2) + EPS, "JS " + pqJs);
        assertTrue(Distributions.jensenShannonBits(pq.get1(), pq.get2()) <= 1 + EPS);
    }

    @Property
    void everyDistanceIsZeroOnIdenticalInputs(@ForAll("pairs") Tuple.Tuple2<double[], double[]> pq) {
        double[] p = pq.get1();
        assertEquals(0, Distributions.jensenShannon(p, p), EPS);
        assertEquals(0, Distributions.klDivergence(p, p), EPS);
        assertEquals(0, Distributions.totalVariation(p, p), EPS);
        assertEquals(0, Distributions.earthMovers(p, p), EPS);
        assertEquals(1, Distributions.cosine(p, p), 1e-12);
    }

    @Property
    void totalVariationIsInTheUnitInterval(@ForAll("pairs") Tuple.Tuple2<double[], double[]> pq) {
        double tv = Distributions.totalVariation(pq.get1(), pq.get2());
        assertTrue(tv >= 0 && tv <= 1, "TV " + tv);
    }

    @Property
    void earthMoversIsZeroExactlyWhenEqual(@ForAll("pairs") Tuple.Tuple2<double[], double[]> pq) {
        double[] p = pq.get1(), q = pq.get2();
        boolean equal = true;
        for (int i = 0; i < p.length; i++) equal &= Math.abs(p[i] - q[i]) < 1e-12;
        double emd = Distributions.earthMovers(p, q);
        assertEquals(equal, emd < 1e-12, "EMD " + emd);
        assertTrue(emd <= p.length - 1 + EPS);
    }

    /** Texts of Chinese, ASCII, punctuation, emoji and white space with at least one character token. */
    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withCharRange('\u4e00', '\u4fff').withCharRange('a', 'z').withChars("，。！？[] \u00a0\t\uD83D\uDE00")
                .ofMinLength(1).ofMaxLength(40).filter(t -> CharTokens.of(t).length > 0);
    }

    @Property
    void bleuOfATextWithItselfIsOne(@ForAll("texts") String text) {
        assertEquals(1, CharBleu.sentence(text, text), 1e-12);
        assertEquals(1, RougeL.f1(text, text), 1e-12);
    }
}
