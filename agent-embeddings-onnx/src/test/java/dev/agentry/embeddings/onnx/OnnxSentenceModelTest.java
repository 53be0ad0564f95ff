package dev.agentry.embeddings.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The model run with shared-CPU settings gives LangChain4j's vectors, one text at a time or in a batch. */
class OnnxSentenceModelTest {

    @Test
    void oneTextAndABatchGiveTheVectorsOfLangChain4jsBuild() {
        List<TextSegment> texts = Stream.of("gm frens", "is the bonding curve live?", "Alice moved to Porto", "tip bob 5 USDC for the map")
                .map(TextSegment::from).toList();
        List<Embedding> reference = new AllMiniLmL6V2EmbeddingModel().embedAll(texts).content();
        EmbeddingModel ours = OnnxSentenceModel.load(AllMiniLmL6V2EmbeddingModel.class, "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json",
                384, PoolingMode.MEAN);
        List<Embedding> batch = ours.embedAll(texts).content();
        for (int i = 0; i < texts.size(); i++) {
            assertThat(batch.get(i).vector()).as("in a batch: " + texts.get(i).text()).containsExactly(reference.get(i).vector(), offset(1e-4f));
            assertThat(ours.embed(texts.get(i)).content().vector()).as("alone: " + texts.get(i).text())
                    .containsExactly(reference.get(i).vector(), offset(1e-4f));
        }
        assertThat(ours.dimension()).isEqualTo(384);
    }

    @Test
    void aMissingResourceIsNamed() {
        assertThatThrownBy(() -> OnnxSentenceModel.load(AllMiniLmL6V2EmbeddingModel.class, "no-such-model.onnx", "all-minilm-l6-v2-tokenizer.json",
                384, PoolingMode.MEAN)).isInstanceOf(IllegalStateException.class).hasMessageContaining("no-such-model.onnx");
    }
}
