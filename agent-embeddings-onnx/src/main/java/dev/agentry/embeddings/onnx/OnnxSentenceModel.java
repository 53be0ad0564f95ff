package dev.agentry.embeddings.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A LangChain4j in-process sentence embedding model (a BERT-style ONNX model and its tokenizer,
 * read from class-path resources) run by ONNX Runtime with settings that share the
 * CPU with the agents: one intra-op thread per inference and no spin-waiting, one text on the
 * calling thread, a batch spread text by text over one daemon thread per core; no CPU memory arena
 * (about 10 MB less resident memory, measured by StartupBenchmark, at no measurable speed cost).
 *
 * <p>With LangChain4j's defaults, ONNX Runtime's worker threads spin on every core after each call:
 * measured on 2 cores, 28 ms of CPU for each 4 ms single-text embedding, slowing every other
 * thread of the process (the agents' turns, the HTTP client). Here: 6 ms of CPU for a 6 ms
 * embedding, and batches about 20% faster (one inference per core instead of one spread over all).
 * The vectors are the same model's (OnnxSentenceModelTest compares them with LangChain4j's build).
 * Thread-safe.
 */
public final class OnnxSentenceModel extends AbstractInProcessEmbeddingModel {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private final OnnxBertBiEncoder encoder;
    private final int dimension;

    private OnnxSentenceModel(OnnxBertBiEncoder encoder, int dimension, ExecutorService batches) {
        super(batches);
        this.encoder = encoder;
        this.dimension = dimension;
    }

    /**
     * Loads a model (reads and prepares it: tens of megabytes, about a second).
     *
     * @param owner a class whose class loader holds the resources
     * @param modelResource the ONNX model's resource name
     * @param tokenizerResource the tokenizer's (HuggingFace JSON) resource name
     * @param dimension the model's vector dimension
     * @param pooling how token vectors become the text's ({@code MEAN} for all-MiniLM-L6-v2, {@code CLS} for BGE)
     * @return the model
     * @throws IllegalStateException if a resource is missing or the model cannot be loaded
     */
    public static OnnxSentenceModel load(Class<?> owner, String modelResource, String tokenizerResource, int dimension, PoolingMode pooling) {
        try (InputStream tokenizer = resource(owner, tokenizerResource)) {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setCPUArenaAllocator(false);
            options.setMemoryPatternOptimization(false);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            OrtSession session = session(environment, owner, modelResource, options);
            OnnxBertBiEncoder encoder = new OnnxBertBiEncoder(environment, session, tokenizer, pooling);
            int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
            ExecutorService batches = Executors.newFixedThreadPool(cores,
                    r -> Thread.ofPlatform().daemon().name("agentry-onnx-" + THREADS.incrementAndGet()).unstarted(r));
            return new OnnxSentenceModel(encoder, dimension, batches);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not load " + modelResource + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + modelResource + " or " + tokenizerResource, e);
        }
    }

    /**
     * Creates the session from a file that ONNX Runtime reads itself: the resource's own file, or a
     * copy in a temp file deleted once the session holds the weights. Nothing of the model's bytes
     * stays in Java memory: a direct buffer would be freed only when a collection
     * finds it, and in an old generation that can take the process's whole life (23 MB of the
     * quantized model's resident memory, measured with native memory tracking).
     */
    private static OrtSession session(OrtEnvironment environment, Class<?> owner, String name, OrtSession.SessionOptions options)
            throws IOException, OrtException {
        URL url = owner.getResource(name.startsWith("/") ? name : "/" + name);
        if (url == null) {
            throw new IllegalStateException("resource " + name + " is not on the class path of " + owner.getName());
        }
        if ("file".equals(url.getProtocol())) {
            try {
                return environment.createSession(Path.of(url.toURI()).toString(), options);
            } catch (URISyntaxException e) {
                // not a plain path: copied below
            }
        }
        Path copy = Files.createTempFile("agentry-model-", ".onnx");
        try {
            try (InputStream in = url.openStream()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return environment.createSession(copy.toString(), options);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private static InputStream resource(Class<?> owner, String name) {
        InputStream in = owner.getResourceAsStream(name.startsWith("/") ? name : "/" + name);
        if (in == null) {
            throw new IllegalStateException("resource " + name + " is not on the class path of " + owner.getName());
        }
        return in;
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return dimension;
    }
}
