package org.groundswell.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.util.List;

/** The console's pages of API keys (templates/KeyPages), in the console's layout. */
@CheckedTemplate(basePath = "KeyPages")
public class KeyPages {

    /** A key in the list: never the key itself. */
    public record Row(long id, String name, String campaigns, String originSystem, String createdAt, String createdIso,
                      String lastUsed, String lastUsedIso) {
    }

    /** A campaign of the organiser's, as a checkbox of the form. */
    public record Choice(String slug, String title, boolean checked) {
    }

    /** A key just made: shown this once. */
    public record Created(String name, String key, String originSystem, String campaigns) {
    }

    public static native TemplateInstance keys(String email, List<Row> keys, List<Choice> campaigns, String name, String source,
                                               List<String> errors, Created created, String notice);

    public static native TemplateInstance revoke(String email, Row key);
}
