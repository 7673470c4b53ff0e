package org.groundswell.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Each table has one owner: statements on the outbox only in the mail package, writes to the signature table only in
 * its repository. Reads the sources, so a statement added in the wrong place fails the build.
 */
class TableOwnershipTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path MAIL = Path.of("org/groundswell/mail");
    private static final Path SIGNATURE_WRITER = Path.of("org/groundswell/signature/SignatureRepository.java");
    private static final Path WEBHOOKS_WRITER = Path.of("org/groundswell/webhooks/WebhookRepository.java");
    private static final Path API_KEYS_WRITER = Path.of("org/groundswell/apikeys/ApiKeyRepository.java");
    private static final Pattern API_KEY_TABLES = Pattern.compile("\\bapi_key(_campaign)?\\b"); // as the SQL spells them (not API_KEY, a constant)
    private static final Pattern WEBHOOK_TABLES = Pattern.compile("\\bwebhook_(endpoint|delivery)\\b", Pattern.CASE_INSENSITIVE);

    private static final Pattern OUTBOX = Pattern.compile("\\boutbox_message\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SIGNATURE_WRITE = Pattern.compile(
            "\\b(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+(signature|confirmation_token|suppression|signature_tally_delta)\\b",
            Pattern.CASE_INSENSITIVE);

    @Test
    void onlyTheMailPackageNamesTheOutboxTable() {
        assertEquals(List.of(), offenders(OUTBOX, file -> file.startsWith(MAIL)),
                "SQL on outbox_message outside org.groundswell.mail: go through mail.Outbox instead");
    }

    @Test
    void onlyTheSignatureRepositoryWritesSignatures() {
        assertEquals(List.of(), offenders(SIGNATURE_WRITE, file -> file.equals(SIGNATURE_WRITER)),
                "writes to the signature tables outside signature.SignatureRepository");
    }

    @Test
    void onlyTheWebhookRepositoryNamesTheWebhookTables() {
        assertEquals(List.of(), offenders(WEBHOOK_TABLES, file -> file.equals(WEBHOOKS_WRITER)),
                "SQL on webhook_endpoint or webhook_delivery outside webhooks.WebhookRepository");
    }

    @Test
    void onlyTheApiKeyRepositoryNamesTheApiKeyTables() {
        assertEquals(List.of(), offenders(API_KEY_TABLES, file -> file.equals(API_KEYS_WRITER)),
                "SQL on api_key or api_key_campaign outside apikeys.ApiKeyRepository");
    }

    @Test
    void theScanSeesTheStatementsItLooksFor() {
        assertFalse(offenders(OUTBOX, file -> false).isEmpty(), "the mail package's statements are found");
        assertFalse(offenders(SIGNATURE_WRITE, file -> false).isEmpty(), "the repository's writes are found");
        assertFalse(offenders(WEBHOOK_TABLES, file -> false).isEmpty(), "the webhook repository's statements are found");
        assertFalse(offenders(API_KEY_TABLES, file -> false).isEmpty(), "the API key repository's statements are found");
    }

    private interface Allowed {
        boolean test(Path relative);
    }

    /** The files (relative to the sources) and lines matching {@code pattern} that are not allowed. */
    private static List<String> offenders(Pattern pattern, Allowed allowed) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                Path relative = SOURCES.relativize(file);
                if (allowed.test(relative)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher matcher = pattern.matcher(lines.get(i));
                    if (matcher.find() && !isComment(lines.get(i))) {
                        found.add(relative + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static boolean isComment(String line) {
        String stripped = line.strip();
        return stripped.startsWith("*") || stripped.startsWith("/*") || stripped.startsWith("//");
    }
}
