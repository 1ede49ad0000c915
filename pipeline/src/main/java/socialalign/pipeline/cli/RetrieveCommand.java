package socialalign.pipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import socialalign.pipeline.dataset.Json;
import socialalign.pipeline.dataset.retrieval.Bm25;
import socialalign.pipeline.dataset.retrieval.JiebaTokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code socialalign retrieve}: BM25 over jieba tokens (spec B5) for checking by hand. Each input line is
 * {@code {"query": "...", "docs": ["...", ...]}}; each output line is {@code {"top": [{"index": i, "score": s}, ...]}},
 * best first, ties in input order.
 */
@Command(name = "retrieve", description = "BM25 retrieval (spec B5): JSON lines {\"query\", \"docs\"} in, top-k indices and scores out.")
public final class RetrieveCommand implements Callable<Integer> {
    @Option(names = {"-k", "--top-k"}, defaultValue = "5", description = "How many documents to return (default: ${DEFAULT-VALUE}).")
    int topK;

    @Override
    public Integer call() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        long lineNumber = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode request;
            try {
                request = Json.MAPPER.readTree(line);
            } catch (IOException e) {
                throw new UserError("stdin:" + lineNumber + ": not JSON", e);
            }
            JsonNode query = request.get("query");
            JsonNode docs = request.get("docs");
            if (query == null || !query.isTextual() || docs == null || !docs.isArray()) {
                throw new UserError("stdin:" + lineNumber + ": expected {\"query\": string, \"docs\": [string, ...]}");
            }
            List<List<String>> documents = new ArrayList<>();
            docs.forEach(d -> documents.add(JiebaTokenizer.tokenize(d.asText())));
            ObjectNode result = Json.MAPPER.createObjectNode();
            ArrayNode top = result.putArray("top");
            for (Bm25.Ranked hit : Bm25.REFERENCE.top(JiebaTokenizer.tokenize(query.asText()), documents, topK)) {
                top.addObject().put("index", hit.index()).put("score", hit.score());
            }
            out.println(result);
        }
        return 0;
    }
}
