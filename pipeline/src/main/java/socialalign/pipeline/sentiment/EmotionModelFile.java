package socialalign.pipeline.sentiment;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import socialalign.autograd.Variable;
import socialalign.autograd.nn.Linear;
import socialalign.engine.Backend;
import socialalign.engine.Tensor;
import socialalign.engine.cpu.CpuBackend;
import socialalign.pipeline.data.DataFileException;
import socialalign.models.io.AtomicFile;

/**
 * The model file: gzip of a big-endian {@link DataOutputStream} record:
 * <pre>
 *   UTF  magic "socialalign-emotion"      int version (1)
 *   UTF  provenance (free text: command, seed, data, time)
 *   int  maxN, dim, hidden, vocabulary size
 *   UTF  each feature of the vocabulary, in id order
 *   double x 6  prior correction (Emotion order)
 *   half-precision floats: table [V, dim], hidden.weight [hidden, dim], hidden.bias [hidden],
 *                          output.weight [6, hidden], output.bias [6]
 * </pre>
 * Weights are stored as IEEE binary16 to keep the bundled model small; a model is evaluated after a round trip
 * through its file, so reported numbers are those of the file.
 */
public final class EmotionModelFile {
    /** The model bundled with the pipeline (trained by {@code socialalign sentiment train}, see the README beside it). */
    public static final String BUNDLED = "/socialalign/pipeline/sentiment/emotion-model.bin";
    private static final String MAGIC = "socialalign-emotion";
    private static final int VERSION = 1;

    private EmotionModelFile() {
    }

    /** A loaded model and the provenance text it was saved with. */
    public record Loaded(EmotionClassifier classifier, String provenance) {
    }

    /** Writes {@code classifier} to {@code target} through a temporary file and a rename. */
    public static void write(Path target, EmotionClassifier classifier, String provenance) throws IOException {
        AtomicFile.writeBytes(target, out -> write(out, classifier, provenance));
    }

    static void write(OutputStream raw, EmotionClassifier classifier, String provenance) throws IOException {
        EmotionNet net = classifier.net();
        var out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(raw, 1 << 16), 1 << 16));
        out.writeUTF(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(provenance);
        out.writeInt(classifier.features().maxN());
        out.writeInt(net.dim());
        out.writeInt(net.hidden.weight.shape()[0]);
        List<String> features = classifier.vocabulary().features();
        out.writeInt(features.size());
        for (String f : features) out.writeUTF(f);
        for (double a : classifier.adjustment()) out.writeDouble(a);
        for (Variable p : net.parameters().values()) {
            for (float v : p.value().toFloats()) out.writeShort(Float.floatToFloat16(v));
        }
        out.close(); // finishes the gzip trailer
    }

    public static Loaded read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "no such model file", e);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read the model file: " + e.getMessage(), e);
        }
    }

    /** The model bundled in the jar; it needs nothing outside the repository. */
    public static Loaded bundled() {
        try (InputStream in = EmotionModelFile.class.getResourceAsStream(BUNDLED)) {
            if (in == null) throw new IllegalStateException("the bundled emotion model " + BUNDLED + " is missing from the class path");
            return read(in, Path.of(BUNDLED));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled emotion model " + BUNDLED, e);
        }
    }

    private static Loaded read(InputStream raw, Path name) throws IOException {
        DataInputStream in;
        try {
            in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
        } catch (java.util.zip.ZipException e) {
            throw new DataFileException(name, "not an emotion model file (not gzip)", e);
        }
        try {
            if (!MAGIC.equals(in.readUTF())) throw new DataFileException(name, "not an emotion model file (bad magic)", null);
            int version = in.readInt();
            if (version != VERSION) throw new DataFileException(name, "emotion model version " + version + ", this build reads " + VERSION, null);
            String provenance = in.readUTF();
            int maxN = in.readInt(), dim = in.readInt(), hidden = in.readInt(), size = in.readInt();
            if (maxN < 1 || dim < 1 || hidden < 1 || size < 1) throw new DataFileException(name, "bad model header", null);
            List<String> features = new ArrayList<>(size);
            for (int i = 0; i < size; i++) features.add(in.readUTF());
            double[] adjustment = new double[Emotion.values().length];
            for (int i = 0; i < adjustment.length; i++) adjustment[i] = in.readDouble();
            Backend backend = CpuBackend.shared();
            int k = Emotion.values().length;
            Variable table = Variable.leaf("table", halfs(in, backend, size, dim));
            Linear h = new Linear(Variable.leaf("weight", halfs(in, backend, hidden, dim)), Variable.leaf("bias", halfs(in, backend, hidden)));
            Linear o = new Linear(Variable.leaf("weight", halfs(in, backend, k, hidden)), Variable.leaf("bias", halfs(in, backend, k)));
            var classifier = new EmotionClassifier(new TextFeatures(maxN), new Vocabulary(features),
                    new EmotionNet(table, h, o), adjustment, Polarity.NEUTRAL);
            return new Loaded(classifier, provenance);
        } catch (EOFException e) {
            throw new DataFileException(name, "truncated emotion model file", e);
        }
    }

    private static Tensor halfs(DataInputStream in, Backend backend, int... shape) throws IOException {
        int n = 1;
        for (int s : shape) n *= s;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = Float.float16ToFloat(in.readShort());
        return backend.fromFloats(v, shape);
    }
}
