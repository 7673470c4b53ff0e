package org.groundswell.congress;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.groundswell.common.InvalidInputException;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the congress-legislators {@code legislators-current.yaml} format: a list of members, each with
 * {@code id.bioguide}, {@code name} and {@code terms}, of which the last is the current one.
 * A file with any unusable entry is rejected whole, so that a broken file never retires anyone.
 */
final class LegislatorFile {

    private static final Pattern BIOGUIDE = Pattern.compile("[A-Z][0-9]{6}");
    private static final ObjectMapper YAML;

    static {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(16 * 1024 * 1024); // SnakeYAML's default (3 MB) is close to the real file's size
        YAML = new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build());
    }

    private LegislatorFile() {
    }

    /** One member in their current term. */
    record Member(String bioguide, String chamber, String state, Integer district, String party, String fullName,
                  String lastName, String phone, String officeAddress, String contactForm, String url) {
    }

    static List<Member> parse(InputStream in) {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (JacksonException e) {
            throw new InvalidInputException("The legislator file is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new InvalidInputException("The legislator file must be a non-empty list of members, as legislators-current.yaml is.");
        }
        List<Member> members = new ArrayList<>(root.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            Member member = member(root.get(i), i);
            if (!seen.add(member.bioguide())) {
                throw invalid(i, "bioguide " + member.bioguide() + " appears twice");
            }
            members.add(member);
        }
        return members;
    }

    private static Member member(JsonNode entry, int index) {
        String bioguide = text(entry.path("id").path("bioguide"));
        if (bioguide == null || !BIOGUIDE.matcher(bioguide).matches()) {
            throw invalid(index, "id.bioguide must be a letter and six digits");
        }
        JsonNode name = entry.path("name");
        String last = text(name.path("last"));
        String first = text(name.path("first"));
        String full = text(name.path("official_full"));
        if (full == null && first != null && last != null) {
            full = first + " " + last;
        }
        if (last == null || full == null) {
            throw invalid(index, bioguide + " has no name.last, or neither name.official_full nor name.first");
        }
        JsonNode terms = entry.path("terms");
        if (!terms.isArray() || terms.isEmpty()) {
            throw invalid(index, bioguide + " has no terms");
        }
        JsonNode term = terms.get(terms.size() - 1);
        String type = text(term.path("type"));
        if (!Legislator.SENATE.equals(type) && !Legislator.HOUSE.equals(type)) {
            throw invalid(index, bioguide + ": the last term's type must be sen or rep");
        }
        String state = UsStates.normalise(text(term.path("state")))
                .orElseThrow(() -> invalid(index, bioguide + ": the last term's state is not a U.S. state or territory code"));
        Integer district = null;
        if (Legislator.HOUSE.equals(type)) {
            JsonNode value = term.path("district");
            if (!value.canConvertToInt() || value.asInt() < 0 || value.asInt() > 99) {
                throw invalid(index, bioguide + ": a House term needs a district from 0 to 99");
            }
            district = value.asInt();
        }
        return new Member(bioguide, type, state, district,
                limited(index, bioguide, "party", text(term.path("party")), 60),
                limited(index, bioguide, "name", full, 200),
                limited(index, bioguide, "name.last", last, 100),
                limited(index, bioguide, "phone", text(term.path("phone")), 40),
                limited(index, bioguide, "address", text(term.path("address")), 500),
                limited(index, bioguide, "contact_form", webAddress(text(term.path("contact_form"))), 500),
                limited(index, bioguide, "url", webAddress(text(term.path("url"))), 500));
    }

    private static String text(JsonNode node) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            return null;
        }
        String value = node.asText().strip();
        return value.isEmpty() ? null : value;
    }

    /** Only http(s) links ever reach a mail or page. */
    private static String webAddress(String value) {
        if (value == null) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        return (lower.startsWith("https://") || lower.startsWith("http://")) && !value.matches(".*\\s.*") ? value : null;
    }

    private static String limited(int index, String bioguide, String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw invalid(index, bioguide + ": " + field + " is longer than " + max + " characters");
        }
        return value;
    }

    private static InvalidInputException invalid(int index, String message) {
        return new InvalidInputException("Entry " + (index + 1) + " of the legislator file: " + message + ".");
    }
}
