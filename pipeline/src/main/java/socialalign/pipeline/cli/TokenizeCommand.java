package socialalign.pipeline.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import socialalign.models.tokenizer.Tokenizer;
import socialalign.models.tokenizer.TokenizerFormatException;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code tokenize}: stdin to stdout, one line in, one line out: text to a JSON array of ids, or with
 * {@code --decode} a JSON array of ids to its text (special tokens kept; a decoded line break stays a line break).
 */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Encodes each input line to a JSON array of token ids (or, with --decode, decodes each JSON "
                + "array of ids to one line of text), with a Hugging Face tokenizer.json.")
public final class TokenizeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--tokenizer", required = true, paramLabel = "FILE_OR_DIR",
            description = "tokenizer.json, or the model directory that holds it")
    Path tokenizerPath;

    @Option(names = "--decode", description = "read JSON arrays of ids, write their text")
    boolean decode;

    @Override
    public Integer call() throws IOException {
        Tokenizer tokenizer;
        try {
            tokenizer = Tokenizer.load(tokenizerPath);
        } catch (TokenizerFormatException e) {
            throw new UserError(e.getMessage(), e);
        }
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        var out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        String line;
        long lineNumber = 0;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            out.write(decode ? decodeLine(tokenizer, line, lineNumber) : JSON.writeValueAsString(tokenizer.encode(line)));
            out.newLine();
        }
        out.flush();
        return 0;
    }

    /** The text of one array of ids; anything but an array of ids of this tokenizer is refused, not skipped. */
    private static String decodeLine(Tokenizer tokenizer, String line, long lineNumber) {
        JsonNode array;
        try {
            array = JSON.readTree(line);
        } catch (JacksonException e) {
            throw new UserError("stdin line " + lineNumber + ": expected a JSON array of token ids");
        }
        if (array == null || !array.isArray()) {
            throw new UserError("stdin line " + lineNumber + ": expected a JSON array of token ids");
        }
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode id = array.get(i);
            if (!id.isIntegralNumber() || !id.canConvertToInt() || tokenizer.token(id.intValue()) == null) {
                throw new UserError("stdin line " + lineNumber + ", element " + i + ": " + id
                        + " is not a token id of this tokenizer (0.." + (tokenizer.size() - 1) + ")");
            }
            ids[i] = id.intValue();
        }
        return tokenizer.decode(ids);
    }
}
