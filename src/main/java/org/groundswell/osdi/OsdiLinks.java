package org.groundswell.osdi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The addresses of the OSDI documents, absolute, from the service's public URL (never from the request's Host
 * header, so a cached document names the same addresses for everyone), and the HAL link objects that carry them.
 */
public record OsdiLinks(String publicBaseUrl) {

    public static final String PATH = "/api/osdi/v1";

    /** Where the OSDI curie points: OSDI's own documentation of each link relation. */
    public static final String DOCS = "https://opensupporter.github.io/osdi-docs/{rel}";

    public String entryPoint() {
        return publicBaseUrl + PATH;
    }

    public String petitions() {
        return entryPoint() + "/petitions";
    }

    public String petitions(int page, int perPage) {
        return petitions() + "?page=" + page + "&per_page=" + perPage;
    }

    public String petition(String slug) {
        return petitions() + "/" + encode(slug);
    }

    public String signatures(String slug) {
        return petition(slug) + "/signatures";
    }

    public String signatures(String slug, int page, int perPage) {
        return signatures(slug) + "?page=" + page + "&per_page=" + perPage;
    }

    /**
     * A page of signatures that goes on after the signature {@code afterId} (a keyset cursor); {@code page}, when
     * known, only numbers it for the reader.
     */
    public String signaturesAfter(String slug, long afterId, Integer page, int perPage) {
        return signatures(slug) + "?after=" + afterId + (page != null ? "&page=" + page : "") + "&per_page=" + perPage;
    }

    public String recordSignatureHelper(String slug) {
        return petition(slug) + "/record_signature_helper";
    }

    /** The campaign's public page. */
    public String browserUrl(String slug) {
        return publicBaseUrl + "/c/" + encode(slug);
    }

    /** {@code {"href": ...}} */
    public static Map<String, Object> link(String href) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("href", href);
        return link;
    }

    /** {@code {"href": ..., "title": ...}} */
    public static Map<String, Object> link(String href, String title) {
        Map<String, Object> link = link(href);
        link.put("title", title);
        return link;
    }

    /** The {@code curies} of every document's {@code _links}: the {@code osdi} prefix, templated to OSDI's docs. */
    public static List<Map<String, Object>> curies() {
        Map<String, Object> osdi = new LinkedHashMap<>();
        osdi.put("name", "osdi");
        osdi.put("href", DOCS);
        osdi.put("templated", true);
        return List.of(osdi);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
