package org.anonkit.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.anonkit.AnonException;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.ProviderException;
import org.anonkit.config.PolicyJson;
import org.anonkit.vectors.RecordView;
import org.anonkit.vectors.VectorBatch;
import org.anonkit.vectors.VectorSchema;
import org.anonkit.vectors.VectorSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * {@code anonkit vectorize}: turns anonymized JSONL records (and optionally the matching clear ones,
 * line by line) into numpy/Awkward files under a run directory: {@code share/vectors/anon/},
 * {@code share/ragged/}, and with {@code --clear} also {@code private/vectors/clear/} and
 * {@code private/ragged/} (owner-only permissions).
 *
 * <p>The schema is a JSON file {@code {"fields": {"Field": "encoder" | {"encoder": ..., "params":
 * {...}}}, "pairs": true}}, or a policy file whose {@code "vectors"} section holds the same.
 * Exit codes: 0 done, 1 data error (a value that cannot be encoded, malformed JSONL, sides of
 * different lengths), 2 usage error (bad schema, missing file). Messages never contain values.
 *
 * <p>Not thread-safe; one instance per invocation.
 */
@Command(name = "vectorize", mixinStandardHelpOptions = true,
    description = "Vectorize anonymized (and optionally clear) JSONL records into .npy columns and Awkward ragged buffers.")
public final class VectorizeCommand implements Callable<Integer> {
  private static final JsonFactory JSON = new JsonFactory();

  @Option(names = "--schema", required = true, paramLabel = "FILE",
      description = "Vector schema JSON (or a policy JSON with a \"vectors\" section).")
  Path schema;

  @Option(names = "--in", required = true, paramLabel = "FILE",
      description = "Anonymized records, one JSON object per line ('-' for standard input).")
  String in;

  @Option(names = "--clear", paramLabel = "FILE",
      description = "The matching clear records, same order; written under private/ (owner-only).")
  Path clear;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The run output directory.")
  Path out;

  private final InputStream stdin;
  private final PrintStream stdout;
  private final PrintStream stderr;

  /** A command on the process's standard streams. */
  public VectorizeCommand() {
    this(System.in, System.out, System.err);
  }

  /** A command on the given streams (tests). */
  public VectorizeCommand(InputStream stdin, PrintStream stdout, PrintStream stderr) {
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public Integer call() {
    VectorSchema vectorSchema;
    try {
      vectorSchema = readSchema(schema);
    } catch (NoSuchFileException e) {
      stderr.println("error: schema file not found: " + schema);
      return 2;
    } catch (IOException | UncheckedIOException e) {
      stderr.println("error: cannot read schema " + schema + ": " + e.getClass().getSimpleName());
      return 2;
    } catch (JacksonException e) {
      stderr.println("error: schema " + schema + " is not valid JSON at line " + e.getLocation().getLineNr());
      return 2;
    } catch (PolicyException e) {
      stderr.println("error: schema " + schema + ": " + e.getMessage());
      return 2;
    }
    if (!"-".equals(in) && !Files.isRegularFile(Path.of(in))) {
      stderr.println("error: input file not found: " + in);
      return 2;
    }
    if (clear != null && !Files.isRegularFile(clear)) {
      stderr.println("error: clear input file not found: " + clear);
      return 2;
    }
    VectorSet set;
    try {
      set = VectorSet.create(vectorSchema, out);
    } catch (ProviderException | PolicyException e) {
      stderr.println("error: schema " + schema + ": " + e.getMessage());
      return 2;
    }
    String side = "anonymized";
    try (BufferedReader anonReader = reader(in);
        BufferedReader clearReader = clear == null ? null : Files.newBufferedReader(clear, StandardCharsets.UTF_8)) {
      JsonRecord anonRecord = new JsonRecord();
      JsonRecord clearRecord = new JsonRecord();
      long line = 0;
      while (true) {
        String a = anonReader.readLine();
        String c = clearReader == null ? null : clearReader.readLine();
        line++;
        if (a != null && a.isBlank() && (c == null || c.isBlank())) {
          continue;
        }
        if (a == null || (clearReader != null && c == null)) {
          if (clearReader != null && (a != null || c != null)) {
            stderr.println("error: " + (a == null ? "the anonymized input" : "the clear input")
                + " ended at line " + line + " before the other; both must hold the same records in the same order");
            return 1;
          }
          break;
        }
        side = "anonymized";
        anonRecord.parse(a, line);
        set.acceptAnonymized(anonRecord);
        if (c != null) {
          side = "clear";
          clearRecord.parse(c, line);
          set.acceptClear(clearRecord);
        }
      }
      set.finish();
    } catch (InvalidInputException e) {
      stderr.println("error: " + side + " input: " + e.getMessage());
      return 1;
    } catch (AnonException e) {
      stderr.println("error: " + e.getMessage());
      return 1;
    } catch (java.nio.charset.CharacterCodingException e) {
      stderr.println("error: an input is not valid UTF-8");
      return 1;
    } catch (IOException | UncheckedIOException e) {
      stderr.println("error: I/O failure: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
      return 1;
    }
    VectorBatch anon = set.anonymizedBatch().orElseThrow();
    stdout.println("vectorized " + anon.rows() + " records: " + anon.columnCount() + " columns, "
        + anon.listNames().size() + " list columns");
    stdout.println("  anonymized: " + VectorSet.anonymizedVectorsDir(out) + ", " + VectorSet.anonymizedRaggedDir(out));
    if (set.clearBatch().isPresent()) {
      stdout.println("  clear (owner-only): " + VectorSet.clearVectorsDir(out) + ", " + VectorSet.clearRaggedDir(out));
    }
    return 0;
  }

  private BufferedReader reader(String path) throws IOException {
    if ("-".equals(path)) {
      return new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT))); // strict, like Files.newBufferedReader
    }
    return Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8);
  }

  /** Reads a schema file, or the "vectors" section of a policy file. */
  static VectorSchema readSchema(Path file) throws IOException {
    Parameters root = PolicyJson.parseParameters(Files.readString(file, StandardCharsets.UTF_8));
    return VectorSchema.fromParameters(root.has("vectors") ? root.getParameters("vectors") : root);
  }

  /**
   * One JSONL record as a reusable {@link RecordView}: names and values are kept in reused
   * StringBuilders (no String per value). Scalars are taken as their JSON text ({@code true},
   * {@code 12.5}); {@code null} is missing; an array of scalars becomes its items joined with
   * {@code ","} (for {@code multi-hot}); nested objects are rejected.
   */
  static final class JsonRecord implements RecordView {
    private StringBuilder[] names = new StringBuilder[16];
    private StringBuilder[] values = new StringBuilder[16];
    private boolean[] isNull = new boolean[16];
    private int size;

    void parse(String line, long lineNo) {
      size = 0;
      try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), line)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw new InvalidInputException("line " + lineNo + " is not a JSON object");
        }
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
          int i = next();
          names[i].append(p.currentName());
          JsonToken t = p.nextToken();
          if (t == JsonToken.VALUE_NULL) {
            isNull[i] = true;
          } else if (t == JsonToken.START_ARRAY) {
            boolean first = true;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
              if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                throw new InvalidInputException("line " + lineNo + ": field '" + p.currentName()
                    + "' holds nested structures; flatten it first");
              }
              if (t != JsonToken.VALUE_NULL) {
                values[i].append(first ? "" : ",");
                appendScalar(p, values[i]);
                first = false;
              }
            }
          } else if (t == JsonToken.START_OBJECT) {
            throw new InvalidInputException("line " + lineNo + ": field '" + names[i]
                + "' holds an object; flatten it first");
          } else {
            appendScalar(p, values[i]);
          }
        }
        if (p.nextToken() != null) {
          throw new InvalidInputException("line " + lineNo + " has text after the JSON object");
        }
      } catch (JacksonException e) {
        throw new InvalidInputException("line " + lineNo + " is not valid JSON (column "
            + e.getLocation().getColumnNr() + ")");
      }
    }

    private static void appendScalar(JsonParser p, StringBuilder sb) {
      sb.append(p.getStringCharacters(), p.getStringOffset(), p.getStringLength());
    }

    private int next() {
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
        values = Arrays.copyOf(values, size * 2);
        isNull = Arrays.copyOf(isNull, size * 2);
      }
      if (names[size] == null) {
        names[size] = new StringBuilder();
        values[size] = new StringBuilder();
      }
      names[size].setLength(0);
      values[size].setLength(0);
      isNull[size] = false;
      return size++;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public CharSequence name(int i) {
      return names[i];
    }

    @Override
    public CharSequence value(int i) {
      return isNull[i] ? null : values[i];
    }

    @Override
    public String toString() {
      return "JsonRecord{" + size + " fields}";
    }
  }
}
