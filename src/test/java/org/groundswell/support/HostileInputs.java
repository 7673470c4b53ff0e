package org.groundswell.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text a supporter might type, or a script might send, to break a form: grouped by what each string attacks. Every
 * one must be stored as sent or refused with a 4xx, and shown as text wherever it appears (page, mail, CSV, JSON).
 */
public final class HostileInputs {

    /** Scripts, combining marks, emoji, look-alikes, byte-order marks and text that looks like another encoding. */
    public static final List<String> ENCODINGS = List.of(
            "Zoë Ünal-Øvergård", "José Ñúñez", "Åsa Ærø", "Łukasz Żółć", "Şükrü Çağlar", "İlkay ıdil", "STRASSE straße ẞ",
            "Ελένη Παπαδοπούλου", "Анна Кузнецова", "раураl (Cyrillic look-alikes)", "محمد العربي", "דוד כהן",
            "田中太郎", "김민준", "李小龙 (Bruce Lee)", "Nguyễn Thị Minh Khai", "ⓐⓑⓒ ＡＢＣ ｆｕｌｌｗｉｄｔｈ",
            "𝕿𝖍𝖊 𝖖𝖚𝖎𝖈𝖐 𝖇𝖗𝖔𝖜𝖓 𝖋𝖔𝖝", "😀 Smiley", "👩‍👩‍👧‍👦 family", "👍🏽 thumbs", "🇺🇸🇬🇧 flags",
            "e\u0301 decomposed é", "Z\u0351\u0338\u036a\u0315a\u0363\u0327\u0351l\u036e\u0328g\u0310\u0361o\u0350\u0351",
            "\uFEFFbyte order mark", "replacement \uFFFD char", "non\uFFFEcharacter", "ﬁnance ligature",
            "Ã©tÃ© mojibake", "%C0%AE%C0%AE%2F overlong UTF-8, percent-encoded", "%00 percent NUL", "\\u0000 escaped NUL as text",
            "&#0; &#x0; entity NUL as text", "+ADw-script+AD4- UTF-7");

    /** Control characters (refused), line breaks that would forge mail headers, and bidirectional overrides. */
    public static final List<String> CONTROL_AND_BIDI = List.of(
            "nul\u0000byte", "\u0000", "bell\u0007", "back\bspace", "esc \u001b[31mred\u001b[0m", "del\u007f",
            "next line\u0085", "C1 \u009b control", "name\r\nBcc: everyone@example.org", "line\nbreak", "tab\tbed",
            "carriage\rreturn", "form\ffeed", "line\u2028separator", "paragraph\u2029separator",
            "\u202Egnp.exe right-to-left override", "left\u202Aembedding\u202C", "isolate \u2066abc\u2069 end",
            "mark\u200Fright", "zero\u200Bwidth space", "soft\u00ADhyphen", "joiner\u200Dhere", "word\u2060joiner",
            "\u202E", "tag \uDB40\uDC41\uDB40\uDC42 characters", "variation \uFE0F selector");

    /** The message templates' own syntax, other engines' syntax, format strings and spreadsheet formulas. */
    public static final List<String> TEMPLATE_AND_FORMULA = List.of(
            "{supporter.name}", "{target.salutation}", "{#if true}yes{/if}", "{#include base /}", "{inject:bean}",
            "{cdi:config}", "{supporter.email.class.forName('java.lang.Runtime')}", "${7*7}", "#{7*7}", "{{7*7}}",
            "<%= 7*7 %>", "${jndi:ldap://127.0.0.1/a}", "{{constructor.constructor('alert(1)')()}}", "{!comment!}",
            "\\{escaped}", "{", "}", "%s%s%s%n", "{0} {1}", "=1+1", "=HYPERLINK(\"https://example.org\",\"click\")",
            "+1+1", "-1+1", "@SUM(1+1)", "=cmd|' /C calc'!A0", ",=1+1", "'=1+1", ";=1+1");

    /** SQL that would break a query built from strings. */
    public static final List<String> SQL = List.of(
            "' OR '1'='1", "'; DROP TABLE signature; --", "\" OR \"\"=\"", "1; SELECT pg_sleep(10)",
            "' UNION SELECT email FROM signature --", "O'Brien", "admin'--", "\\'; --", "$$; DROP TABLE campaign; $$",
            "E'\\x41'", "%' AND 1=1 --", "%", "_", "1' AND (SELECT count(*) FROM pg_user) > 0 --");

    /** Markup and script in every place it could escape to: element, attribute, URL, comment, CDATA. */
    public static final List<String> HTML = List.of(
            "<script>alert(123)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
            "\"><script>alert(1)</script>", "'><b>bold</b>", "&lt;script&gt;", "&amp; &quot; &#39;", "<!-- comment",
            "]]>", "<![CDATA[x]]>", "javascript:alert(1)", "<a href=\"javascript:alert(1)\">link</a>",
            "<iframe src=//example.org>", "<style>*{display:none}</style>", "<meta http-equiv=refresh content=0;url=//x>",
            "<body onload=alert(1)>", "</textarea><script>alert(1)</script>", "</pre><h1>heading</h1>",
            "' onmouseover='alert(1)", "\" autofocus onfocus=\"alert(1)", "<base href=//example.org/>",
            "<form action=//example.org><button>go</button></form>", "&#60;script&#62;", "<<script>>alert(1)<</script>",
            "Tom & Jerry", "\"quoted\"", "It's", "<", ">", "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>");

    /** Shell commands and file paths, which nothing here runs or opens. */
    public static final List<String> SHELL_AND_PATHS = List.of(
            "$(touch /tmp/hostile)", "`id`", "; ls -la", "| cat /etc/passwd", "&& reboot", "../../etc/passwd",
            "..\\..\\windows\\win.ini", "file:///etc/passwd", "\\\\server\\share", "CON", "NUL", "~root");

    /** Nothing, only spaces, the longest allowed and longer, and values other languages treat specially. */
    public static final List<String> OVERLONG_AND_EMPTY = List.of(
            "", " ", "   ", "\u3000", "\u00A0", "A".repeat(100), "A".repeat(101), "A".repeat(1_000),
            "A".repeat(20_000), "😀".repeat(50), "😀".repeat(60), "é".repeat(100), " ".repeat(200) + "x",
            "x" + " ".repeat(200), "0", "-1", "99999999999999999999999999", "null", "undefined", "NaN", "true", "[]",
            "{}", "None");

    /** Every category by name, in a fixed order. */
    public static final Map<String, List<String>> BY_CATEGORY;

    static {
        Map<String, List<String>> categories = new LinkedHashMap<>();
        categories.put("encodings", ENCODINGS);
        categories.put("control and bidi", CONTROL_AND_BIDI);
        categories.put("template and formula", TEMPLATE_AND_FORMULA);
        categories.put("sql", SQL);
        categories.put("html", HTML);
        categories.put("shell and paths", SHELL_AND_PATHS);
        categories.put("overlong and empty", OVERLONG_AND_EMPTY);
        BY_CATEGORY = Collections.unmodifiableMap(categories);
    }

    private HostileInputs() {
    }

    public static List<String> all() {
        List<String> all = new ArrayList<>();
        BY_CATEGORY.values().forEach(all::addAll);
        return List.copyOf(all);
    }
}
