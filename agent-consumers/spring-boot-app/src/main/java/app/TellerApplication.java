package app;

import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.net.http.HttpClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** An application with one agent (see application.yml) and the model as a LangChain4j bean. */
@SpringBootApplication
public class TellerApplication {

    public static void main(String[] args) {
        SpringApplication.run(TellerApplication.class, args);
    }

    @Bean
    ChatModel chatModel(@Value("${model.base-url}") String baseUrl, @Value("${model.api-key}") String apiKey) {
        return OpenAiChatModel.builder().baseUrl(baseUrl).apiKey(apiKey).modelName("gpt-4o-mini").maxRetries(0)
                .httpClientBuilder(JdkHttpClient.builder().httpClientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)))
                .build();
    }
}
